package one.apiin.gateway.task;

/**
 * What a new task stores of the request that made it: the values after the input rules and their defaults.
 * {@code creditsPerImage} is the
 * price the task is charged at if it succeeds; {@code mark} is null for a task outside the result cache;
 * {@code dialect} names the door the request came through (graphql, apiinone, openai), for the metrics.
 */
public record NewTask(String id, String ownerHash, String model, String prompt, String negativePrompt,
        String aspectRatio, int numImages, Integer seed, int creditsPerImage, CacheMark mark, String dialect) {

    /** A task whose door is not told (tests): counted as GraphQL's. */
    public NewTask(String id, String ownerHash, String model, String prompt, String negativePrompt, String aspectRatio,
            int numImages, Integer seed, int creditsPerImage, CacheMark mark) {
        this(id, ownerHash, model, prompt, negativePrompt, aspectRatio, numImages, seed, creditsPerImage, mark, null);
    }
}
