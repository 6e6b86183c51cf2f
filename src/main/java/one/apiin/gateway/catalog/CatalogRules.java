package one.apiin.gateway.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What makes a catalog servable, each broken rule named with its entry: a file an operator got wrong stops the start
 * with a list they can fix in one go, instead of requests failing one by one later.
 */
final class CatalogRules {

    /** Body fields the gateway fills itself: an option sent under one of these names would overwrite them. */
    static final Set<String> RESERVED = Set.of("prompt", "negative_prompt", "aspect_ratio", "num_images", "seed",
            "callback_url");

    private CatalogRules() {
    }

    static List<String> problems(List<ImageModel> models) {
        List<String> problems = new ArrayList<>();
        if (models.isEmpty()) {
            problems.add("the catalog lists no model");
        }
        Map<String, ImageModel> byId = models.stream().filter(model -> model.id() != null)
                .collect(Collectors.toMap(ImageModel::id, Function.identity(), (a, b) -> a));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            ImageModel model = models.get(i);
            String entry = "entry " + (i + 1) + (model.id() == null ? "" : " (" + model.id() + ")");
            if (model.id() != null && !seen.add(model.id())) {
                problems.add(entry + ": the id is used by an earlier entry");
            }
            entry(model, byId).forEach(problem -> problems.add(entry + ": " + problem));
        }
        return problems;
    }

    private static List<String> entry(ImageModel model, Map<String, ImageModel> byId) {
        List<String> problems = new ArrayList<>();
        require(problems, !blank(model.id()), "id must be set");
        require(problems, !blank(model.family()), "family must be set");
        require(problems, !blank(model.name()), "name must be set");
        require(problems, model.creditsPerImage() >= 0, "creditsPerImage must be 0 or more");
        require(problems, !model.aspectRatios().isEmpty(), "aspectRatios must list at least one ratio");
        require(problems, model.maxImages() >= 1, "maxImages must be 1 or more");
        require(problems, model.maxReferenceImages() >= 0, "maxReferenceImages must be 0 or more");
        require(problems, model.maxReferenceImages() == 0 || !blank(model.referenceImagesField()),
                "referenceImagesField (the upstream's field for reference images) must be set when "
                        + "maxReferenceImages is above 0");
        Set<String> names = new HashSet<>();
        Set<String> upstreamNames = new HashSet<>();
        for (ModelOption option : model.options()) {
            if (blank(option.name())) {
                problems.add("every option must have a name");
                continue;
            }
            require(problems, names.add(option.name()), "option " + option.name() + " is listed twice");
            require(problems, upstreamNames.add(option.upstreamName()),
                    "option " + option.name() + " is sent upstream as " + option.upstreamName()
                            + ", as another option is");
            problems.addAll(option(model, option));
        }
        problems.addAll(lifecycle(model, byId));
        return problems;
    }

    private static List<String> option(ImageModel model, ModelOption option) {
        List<String> problems = new ArrayList<>();
        String name = "option " + option.name();
        require(problems, !RESERVED.contains(option.upstreamName())
                && !option.upstreamName().equals(model.referenceImagesField()),
                name + " must not be sent as " + option.upstreamName() + " (the gateway sets that field)");
        require(problems, !option.values().isEmpty(), name + " must list at least one value");
        require(problems, option.values().stream().noneMatch(value -> blank(value.value())),
                name + ": every value must be set");
        require(problems, option.valueNames().stream().distinct().count() == option.values().size(),
                name + " lists a value twice");
        require(problems, option.values().stream().allMatch(value -> value.creditsPerImage() >= 0),
                name + ": every value's creditsPerImage must be 0 or more");
        if (option.value(option.defaultValue()).isEmpty()) {
            problems.add(name + ": default " + option.defaultValue() + " must be one of its values");
        } else if (option.defaultCredits() != model.creditsPerImage()) {
            problems.add(name + ": the default value's creditsPerImage (" + option.defaultCredits()
                    + ") must equal the model's creditsPerImage (" + model.creditsPerImage() + ")");
        }
        require(problems, model.maxReferenceImages() > 0
                || option.values().stream().noneMatch(ModelOptionValue::needsReferenceImages),
                name + ": a value needs reference images, but maxReferenceImages is 0");
        return problems;
    }

    private static List<String> lifecycle(ImageModel model, Map<String, ImageModel> byId) {
        List<String> problems = new ArrayList<>();
        if (model.replacement() == null) {
            return problems;
        }
        ImageModel replacement = byId.get(model.replacement());
        if (replacement == null) {
            problems.add("replacement " + model.replacement() + " is not in the catalog");
        } else if (replacement.id().equals(model.id())) {
            problems.add("a model cannot replace itself");
        } else if (replacement.status() == ModelStatus.RETIRED) {
            problems.add("replacement " + replacement.id() + " is itself RETIRED: name a model still served");
        }
        return problems;
    }

    private static void require(List<String> problems, boolean rule, String problem) {
        if (!rule) {
            problems.add(problem);
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
