package one.apiin.gateway.generation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelOption;
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
    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final ModelCatalog catalog;

    public RequestValidator(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public GenerationRequest validate(ImageRequest request) {
        List<FieldError> problems = new ArrayList<>();
        String prompt = checkPrompt(request.prompt(), problems);
        checkIdempotencyKey(request.idempotencyKey(), problems);
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
        checkOptions(request.options(), model, problems);
        checkReferenceImages(request.referenceImages(), model, problems);
        if (!problems.isEmpty()) {
            throw new BadUserInputException(problems);
        }
        return new GenerationRequest(model, prompt, negative, ratio, numImages, request.seed(), request.idempotencyKey());
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

    /** Each name at most once, each one the model lists, with a value it lists. */
    private static void checkOptions(List<ImageRequest.Option> options, ImageModel model, List<FieldError> problems) {
        if (options == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        for (ImageRequest.Option chosen : options) {
            if (!seen.add(chosen.name())) {
                if (twice.add(chosen.name())) {
                    problems.add(new FieldError("options", "options names " + Echo.quoted(chosen.name()) + " twice"));
                }
                continue;
            }
            ModelOption option = model.option(chosen.name()).orElse(null);
            if (option == null) {
                List<String> names = model.options().stream().map(ModelOption::name).toList();
                problems.add(new FieldError("options", model.id() + " has no option " + Echo.quoted(chosen.name())
                        + (names.isEmpty() ? " (it takes none)" : " (it takes: " + String.join(", ", names) + ")")));
            } else if (option.value(chosen.value()).isEmpty()) {
                problems.add(new FieldError("options", option.name() + " must be one of "
                        + String.join(", ", option.valueNames()) + " for " + model.id()));
            }
        }
    }

    private static void checkReferenceImages(List<String> images, ImageModel model, List<FieldError> problems) {
        if (images == null || images.isEmpty()) {
            return;
        }
        if (model.maxReferenceImages() == 0) {
            problems.add(new FieldError("referenceImages", model.id() + " takes no reference images; leave "
                    + "referenceImages out"));
        } else if (images.size() > model.maxReferenceImages()) {
            problems.add(new FieldError("referenceImages", "referenceImages must be at most "
                    + model.maxReferenceImages() + " for " + model.id() + " (it has " + images.size() + ")"));
        }
    }

    /** 1 to 255 printable ASCII characters, spaces only between others (never echoed: it may be a secret of sorts). */
    private static void checkIdempotencyKey(String key, List<FieldError> problems) {
        if (key == null) {
            return;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            problems.add(new FieldError("idempotencyKey", "idempotencyKey must be 1 to " + MAX_IDEMPOTENCY_KEY
                    + " characters (it has " + key.length() + ")"));
        } else if (!key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e) || key.charAt(0) == ' '
                || key.charAt(key.length() - 1) == ' ') {
            problems.add(new FieldError("idempotencyKey", "idempotencyKey must be printable ASCII: letters, digits, "
                    + "punctuation, and spaces between them"));
        }
    }

    private String modelIds() {
        return String.join(", ", catalog.all().stream().map(ImageModel::id).toList());
    }
}
