package one.apiin.gateway.generation;

import one.apiin.gateway.catalog.ImageModel;

/**
 * A generation that passed every input rule, with the defaults filled in and the prompt trimmed.
 *
 * @param idempotencyKey the caller's key for retries (1 to 255 printable ASCII characters), null when none was sent.
 *        It is {@link GenerationService}'s to read: a retry with the same key is to return the same task. As long as
 *        GenerationService does not read it, a retry with the same key starts a generation of its own.
 */
public record GenerationRequest(ImageModel model, String prompt, String negativePrompt, String aspectRatio,
        int numImages, Integer seed, String idempotencyKey) {

    /** A request without idempotency key. */
    public GenerationRequest(ImageModel model, String prompt, String negativePrompt, String aspectRatio, int numImages,
            Integer seed) {
        this(model, prompt, negativePrompt, aspectRatio, numImages, seed, null);
    }

    /** What a success costs its owner. */
    public int credits() {
        return model.creditsPerImage() * numImages;
    }
}
