package one.apiin.gateway.generation;

/** A generation as the caller asked for it, not yet checked: any field may be missing or wrong. */
public record ImageRequest(String prompt, String model, String aspectRatio, String negativePrompt, Integer numImages,
        Integer seed) {
}
