package one.apiin.gateway.generation;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.error.BadUserInputException;

/**
 * The contract's input rules, checked before anything reaches the upstream. Every broken rule is reported at
 * once, each naming its field, so that a person can fix the request in one go.
 */
@ApplicationScoped
public class RequestValidator {

    static final String DEFAULT_MODEL = "imagen4";
    static final String DEFAULT_ASPECT_RATIO = "1:1";
    static final int MIN_PROMPT = 3;
    static final int MAX_PROMPT = 5000;

    private final ModelCatalog catalog;

    public RequestValidator(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public GenerationRequest validate(ImageRequest request) {
        List<String> problems = new ArrayList<>();
        String prompt = checkPrompt(request.prompt(), problems);
        String modelId = request.model() == null ? DEFAULT_MODEL : request.model();
        ImageModel model = catalog.find(modelId).orElse(null);
        if (model == null) {
            problems.add("model '" + modelId + "' is not in the catalog; use one of: " + modelIds());
            throw new BadUserInputException(String.join("; ", problems));
        }
        String ratio = request.aspectRatio() == null ? DEFAULT_ASPECT_RATIO : request.aspectRatio();
        if (!model.supportsAspectRatio(ratio)) {
            problems.add("aspectRatio must be one of " + String.join(", ", model.aspectRatios()) + " for " + model.id());
        }
        int numImages = request.numImages() == null ? 1 : request.numImages();
        if (numImages < 1 || numImages > model.maxImages()) {
            problems.add(model.maxImages() == 1
                    ? "numImages must be 1 for " + model.id()
                    : "numImages must be between 1 and " + model.maxImages() + " for " + model.id());
        }
        String negative = checkNegativePrompt(request.negativePrompt(), model, problems);
        checkSeed(request.seed(), model, problems);
        if (!problems.isEmpty()) {
            throw new BadUserInputException(String.join("; ", problems));
        }
        return new GenerationRequest(model, prompt, negative, ratio, numImages, request.seed());
    }

    private static String checkPrompt(String raw, List<String> problems) {
        String prompt = raw == null ? "" : raw.strip();
        if (prompt.length() < MIN_PROMPT || prompt.length() > MAX_PROMPT) {
            problems.add("prompt must be " + MIN_PROMPT + " to " + MAX_PROMPT + " characters after trimming (it has "
                    + prompt.length() + ")");
        }
        return prompt;
    }

    private static String checkNegativePrompt(String raw, ImageModel model, List<String> problems) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!model.supportsNegativePrompt()) {
            problems.add("negativePrompt is not supported by " + model.id() + "; leave it out");
        } else if (raw.length() > MAX_PROMPT) {
            problems.add("negativePrompt must be at most " + MAX_PROMPT + " characters (it has " + raw.length() + ")");
        }
        return raw;
    }

    private static void checkSeed(Integer seed, ImageModel model, List<String> problems) {
        if (seed == null) {
            return;
        }
        if (!model.supportsSeed()) {
            problems.add("seed is not supported by " + model.id() + "; leave it out");
        } else if (seed < 0) {
            problems.add("seed must be between 0 and 2147483647");
        }
    }

    private String modelIds() {
        return String.join(", ", catalog.all().stream().map(ImageModel::id).toList());
    }
}
