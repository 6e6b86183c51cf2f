package one.apiin.gateway.generation;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.BadUserInputException.FieldError;
import one.apiin.gateway.support.Echo;

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
        List<FieldError> problems = new ArrayList<>();
        String prompt = checkPrompt(request.prompt(), problems);
        String modelId = request.model() == null ? DEFAULT_MODEL : request.model();
        ImageModel model = catalog.find(modelId).orElse(null);
        if (model == null) {
            problems.add(new FieldError("model", "model " + Echo.quoted(modelId) + " is not in the catalog; use one of: "
                    + modelIds()));
            throw new BadUserInputException(problems);
        }
        String ratio = request.aspectRatio() == null ? DEFAULT_ASPECT_RATIO : request.aspectRatio();
        if (!model.supportsAspectRatio(ratio)) {
            problems.add(new FieldError("aspectRatio", "aspectRatio must be one of "
                    + String.join(", ", model.aspectRatios()) + " for " + model.id()));
        }
        int numImages = request.numImages() == null ? 1 : request.numImages();
        if (numImages < 1 || numImages > model.maxImages()) {
            problems.add(new FieldError("numImages", model.maxImages() == 1
                    ? "numImages must be 1 for " + model.id()
                    : "numImages must be between 1 and " + model.maxImages() + " for " + model.id()));
        }
        String negative = checkNegativePrompt(request.negativePrompt(), model, problems);
        checkSeed(request.seed(), model, problems);
        if (!problems.isEmpty()) {
            throw new BadUserInputException(problems);
        }
        return new GenerationRequest(model, prompt, negative, ratio, numImages, request.seed());
    }

    private static String checkPrompt(String raw, List<FieldError> problems) {
        String prompt = raw == null ? "" : raw.strip();
        if (prompt.length() < MIN_PROMPT || prompt.length() > MAX_PROMPT) {
            problems.add(new FieldError("prompt", "prompt must be " + MIN_PROMPT + " to " + MAX_PROMPT
                    + " characters after trimming (it has " + prompt.length() + ")"));
        } else {
            checkText("prompt", prompt, problems);
        }
        return prompt;
    }

    private static String checkNegativePrompt(String raw, ImageModel model, List<FieldError> problems) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!model.supportsNegativePrompt()) {
            problems.add(new FieldError("negativePrompt", "negativePrompt is not supported by " + model.id()
                    + "; leave it out"));
        } else if (raw.length() > MAX_PROMPT) {
            problems.add(new FieldError("negativePrompt", "negativePrompt must be at most " + MAX_PROMPT
                    + " characters (it has " + raw.length() + ")"));
        } else {
            checkText("negativePrompt", raw, problems);
        }
        return raw;
    }

    /** Text a person could have typed: no NUL or other control characters but line breaks and tabs, valid UTF-16. */
    private static void checkText(String field, String text, List<FieldError> problems) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problems.add(new FieldError(field, field + " holds a broken character (an unpaired surrogate) at "
                        + "position " + i + "; send valid Unicode text"));
                return;
            } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
                problems.add(new FieldError(field, field + " holds a control character (U+"
                        + String.format("%04X", (int) c) + ") at position " + i + "; send plain text"));
                return;
            }
        }
    }

    private static void checkSeed(Integer seed, ImageModel model, List<FieldError> problems) {
        if (seed == null) {
            return;
        }
        if (!model.supportsSeed()) {
            problems.add(new FieldError("seed", "seed is not supported by " + model.id() + "; leave it out"));
        } else if (seed < 0) {
            problems.add(new FieldError("seed", "seed must be between 0 and 2147483647"));
        }
    }

    private String modelIds() {
        return String.join(", ", catalog.all().stream().map(ImageModel::id).toList());
    }
}
