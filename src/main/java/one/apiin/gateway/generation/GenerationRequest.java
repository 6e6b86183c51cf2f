package one.apiin.gateway.generation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.OptionChoice;

/**
 * A generation that passed every input rule, with the defaults filled in and the prompt trimmed.
 *
 * @param idempotencyKey the caller's key for retries (1 to 255 printable ASCII characters), null when none was sent.
 * @param requestedModel the model the caller asked for: {@code model} unless a fallback runs it on its replacement
 * @param options every option of {@code model}, with the caller's value or the default, in the catalog's order
 * @param referenceImages the reference images as the upstream is to fetch them (the gateway's own images under its
 *        public address), in the caller's order
 */
public record GenerationRequest(ImageModel model, String prompt, String negativePrompt, String aspectRatio,
        int numImages, Integer seed, String idempotencyKey, String requestedModel, List<OptionChoice> options,
        List<String> referenceImages) {

    public GenerationRequest {
        requestedModel = requestedModel == null ? model.id() : requestedModel;
        options = options == null ? List.of() : List.copyOf(options);
        referenceImages = referenceImages == null ? List.of() : List.copyOf(referenceImages);
    }

    /** A request of a model without options nor reference images. */
    public GenerationRequest(ImageModel model, String prompt, String negativePrompt, String aspectRatio, int numImages,
            Integer seed, String idempotencyKey) {
        this(model, prompt, negativePrompt, aspectRatio, numImages, seed, idempotencyKey, null, null, null);
    }

    /** A request without idempotency key. */
    public GenerationRequest(ImageModel model, String prompt, String negativePrompt, String aspectRatio, int numImages,
            Integer seed) {
        this(model, prompt, negativePrompt, aspectRatio, numImages, seed, null);
    }

    /** This request with its reference images as the upstream is to fetch them. */
    public GenerationRequest withReferenceImages(List<String> urls) {
        return new GenerationRequest(model, prompt, negativePrompt, aspectRatio, numImages, seed, idempotencyKey,
                requestedModel, options, urls);
    }

    /** The price of one image: the model's, changed by the option values chosen. */
    public int creditsPerImage() {
        return model.creditsPerImage(options);
    }

    /** What a success costs its owner. */
    public int credits() {
        return creditsPerImage() * numImages;
    }

    /** The options applied, name to value, in the catalog's order. */
    public Map<String, String> optionValues() {
        Map<String, String> values = new LinkedHashMap<>();
        options.forEach(choice -> values.put(choice.option().name(), choice.value().value()));
        return values;
    }
}
