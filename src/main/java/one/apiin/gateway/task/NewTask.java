package one.apiin.gateway.task;

import java.util.Map;

/**
 * What a new task stores of the request that made it: the values after the input rules and their defaults.
 * {@code creditsPerImage} is the price the task is charged at if it succeeds (the options' included);
 * {@code mark} is null for a task outside the result cache; {@code requestedModel} is the model asked for, which a
 * fallback ran as {@code model}; {@code options} are the model options applied, defaults included, in the catalog's
 * order; {@code dialect} names the door the request came through (graphql, apiinone, openai), for the metrics.
 */
public record NewTask(String id, String ownerHash, String model, String prompt, String negativePrompt,
        String aspectRatio, int numImages, Integer seed, int creditsPerImage, CacheMark mark, String requestedModel,
        Map<String, String> options, String dialect) {

    /** A task of a model without options, run as asked, whose door is not told (tests): counted as GraphQL's. */
    public NewTask(String id, String ownerHash, String model, String prompt, String negativePrompt, String aspectRatio,
            int numImages, Integer seed, int creditsPerImage, CacheMark mark) {
        this(id, ownerHash, model, prompt, negativePrompt, aspectRatio, numImages, seed, creditsPerImage, mark, model,
                Map.of(), null);
    }
}
