package one.apiin.gateway.generation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelLifecycle;
import one.apiin.gateway.catalog.ModelOption;
import one.apiin.gateway.catalog.ModelOptionValue;
import one.apiin.gateway.catalog.ModelStatus;
import one.apiin.gateway.catalog.OptionChoice;
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
    private final Function<String, Optional<ImageModel>> models;
    private final boolean fallbacks;

    @Inject
    public RequestValidator(ModelCatalog catalog, ModelLifecycle lifecycle) {
        this.catalog = catalog;
        this.models = lifecycle::find;
        this.fallbacks = lifecycle.fallbacks();
    }

    /** Against the catalog as it is, without fallbacks. */
    public RequestValidator(ModelCatalog catalog) {
        this.catalog = catalog;
        this.models = catalog::find;
        this.fallbacks = false;
    }

    public GenerationRequest validate(ImageRequest request) {
        List<FieldError> problems = new ArrayList<>();
        String prompt = checkPrompt(request.prompt(), problems);
        checkIdempotencyKey(request.idempotencyKey(), problems);
        String modelId = request.model() == null ? DEFAULT_MODEL : request.model();
        ImageModel model = models.apply(modelId).orElse(null);
        if (model == null) {
            problems.add(new FieldError("model", "model " + Echo.quoted(modelId) + " is not in the catalog; use one of: "
                    + modelIds()));
            throw new BadUserInputException(problems);
        }
        if (model.status() == ModelStatus.RETIRED) {
            ImageModel replacement = replacement(model);
            if (!fallbacks || replacement == null) {
                problems.add(new FieldError("model", retired(model, replacement)));
                throw new BadUserInputException(problems);
            }
            model = replacement;
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
        List<OptionChoice> options = checkOptions(request.options(), model, problems);
        List<String> references = request.referenceImages() == null ? List.of() : request.referenceImages();
        checkReferenceImages(references, model, options, problems);
        if (!problems.isEmpty()) {
            throw new BadUserInputException(problems);
        }
        return new GenerationRequest(model, prompt, negative, ratio, numImages, request.seed(), request.idempotencyKey(),
                modelId, options, references);
    }

    /** A retired model's replacement where it is still served; null when there is none. */
    private ImageModel replacement(ImageModel retired) {
        return retired.replacement() == null ? null
                : models.apply(retired.replacement()).filter(model -> model.status() != ModelStatus.RETIRED).orElse(null);
    }

    private String retired(ImageModel model, ImageModel replacement) {
        String retired = "model " + model.id() + " is retired";
        if (replacement != null) {
            return retired + "; use its replacement " + replacement.id();
        }
        return retired + (model.replacement() == null ? "" : " and so is its replacement " + model.replacement())
                + "; use one of: " + String.join(", ", catalog.all().stream().map(ImageModel::id)
                        .filter(id -> models.apply(id).map(m -> m.status() != ModelStatus.RETIRED).orElse(false))
                        .toList());
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

    /**
     * Each name at most once, each one the model lists, with a value it lists; every option of the model applied, with
     * the caller's value or its default.
     */
    private static List<OptionChoice> checkOptions(List<ImageRequest.Option> options, ImageModel model,
            List<FieldError> problems) {
        Map<String, String> chosen = new LinkedHashMap<>();
        Set<String> twice = new HashSet<>();
        for (ImageRequest.Option option : options == null ? List.<ImageRequest.Option> of() : options) {
            if (chosen.putIfAbsent(option.name(), option.value()) != null && twice.add(option.name())) {
                problems.add(new FieldError("options", "options names " + Echo.quoted(option.name()) + " twice"));
            }
        }
        chosen.forEach((name, value) -> {
            ModelOption option = model.option(name).orElse(null);
            if (option == null) {
                List<String> names = model.options().stream().map(ModelOption::name).toList();
                problems.add(new FieldError("options", model.id() + " has no option " + Echo.quoted(name)
                        + (names.isEmpty() ? " (it takes none)" : " (it takes: " + String.join(", ", names) + ")")));
            } else if (option.value(value).isEmpty()) {
                problems.add(new FieldError("options", option.name() + " must be one of "
                        + String.join(", ", option.valueNames()) + " for " + model.id()));
            }
        });
        List<OptionChoice> applied = new ArrayList<>();
        for (ModelOption option : model.options()) {
            String value = chosen.getOrDefault(option.name(), option.defaultValue());
            option.value(value).or(() -> option.value(option.defaultValue()))
                    .ifPresent(found -> applied.add(new OptionChoice(option, found)));
        }
        return applied;
    }

    /**
     * At most the model's number, none for a model that takes none, at least one where an option value needs them;
     * each an https URL without credentials (where it points is checked by {@link ReferenceImages}).
     */
    private static void checkReferenceImages(List<String> images, ImageModel model, List<OptionChoice> options,
            List<FieldError> problems) {
        if (images.isEmpty()) {
            options.stream().filter(choice -> choice.value().needsReferenceImages()).findFirst()
                    .ifPresent(choice -> problems.add(new FieldError("referenceImages", choice.option().name() + " "
                            + choice.value().value() + " of " + model.id() + " needs at least one reference image: "
                            + "send referenceImages, or choose another " + choice.option().name() + " ("
                            + String.join(", ", choice.option().values().stream()
                                    .filter(value -> !value.needsReferenceImages()).map(ModelOptionValue::value)
                                    .toList())
                            + ")")));
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
