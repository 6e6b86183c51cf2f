package one.apiin.gateway.generation;

import java.util.List;

/**
 * A generation as the caller asked for it, not yet checked: any field may be missing or wrong. Options and reference
 * images are checked against the model, and go no further: no model of the catalog applies either yet.
 */
public record ImageRequest(String prompt, String model, String aspectRatio, String negativePrompt, Integer numImages,
        Integer seed, List<Option> options, List<String> referenceImages, String idempotencyKey) {

    /** A request without options, reference images or idempotency key. */
    public ImageRequest(String prompt, String model, String aspectRatio, String negativePrompt, Integer numImages,
            Integer seed) {
        this(prompt, model, aspectRatio, negativePrompt, numImages, seed, null, null, null);
    }

    /** A model option as the caller named it. */
    public record Option(String name, String value) {
    }
}
