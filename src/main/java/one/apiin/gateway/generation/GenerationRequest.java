package one.apiin.gateway.generation;

import one.apiin.gateway.catalog.ImageModel;

/** A generation that passed every input rule, with the defaults filled in and the prompt trimmed. */
public record GenerationRequest(ImageModel model, String prompt, String negativePrompt, String aspectRatio,
        int numImages, Integer seed) {

    /** What a success costs its owner. */
    public int credits() {
        return model.creditsPerImage() * numImages;
    }
}
