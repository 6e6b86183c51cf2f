package one.apiin.gateway.catalog;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An image model the gateway routes to, as the catalog file describes it.
 *
 * @param referenceImagesField the upstream's body field for reference images (each model names it its own way);
 *        required when {@code maxReferenceImages} is above 0
 */
@RegisterForReflection // serialised with Jackson outside REST endpoints: native images need it
@Type("Model")
@Description("An image model the gateway can route a generation to (API in One model id).")
public record ImageModel(
        @NonNull @Description("Model id sent upstream, e.g. imagen4-fast") String id,
        @NonNull @Description("Model family, e.g. imagen-4") String family,
        @NonNull @Description("Human-readable name, e.g. Imagen 4 Fast") String name,
        @NonNull @Description("Credits the upstream charges for one image") int creditsPerImage,
        @NonNull @Description("Aspect ratios this model accepts, e.g. 1:1, 16:9") List<@NonNull String> aspectRatios,
        @NonNull @Description("Most images one request may ask for") int maxImages,
        @NonNull boolean supportsNegativePrompt,
        @NonNull boolean supportsSeed,
        @Description("Typical seconds a generation takes, as the catalog expects it (the gateway learns the actual time "
                + "from finished tasks and polls around it); null when unknown") Double typicalSeconds,
        @NonNull @Description("Options the model accepts beyond the common fields (the upstream's own parameters), "
                + "with their prices") List<@NonNull ModelOption> options,
        @NonNull @Description("Most reference images one request may send (0: the model takes none)") int maxReferenceImages,
        @NonNull ModelStatus status,
        @Description("When the upstream stops (or stopped) serving the model, where known") OffsetDateTime retiresOn,
        @Description("The catalog's replacement for a deprecated or retired model") String replacement,
        @Ignore String referenceImagesField) {

    /** What the catalog file leaves out: no options, no reference images, ACTIVE. */
    public ImageModel {
        aspectRatios = List.copyOf(aspectRatios);
        options = options == null ? List.of() : List.copyOf(options);
        status = status == null ? ModelStatus.ACTIVE : status;
    }

    /** An ACTIVE model without a typical generation time, options or reference images. */
    public ImageModel(String id, String family, String name, int creditsPerImage, List<String> aspectRatios,
            int maxImages, boolean supportsNegativePrompt, boolean supportsSeed) {
        this(id, family, name, creditsPerImage, aspectRatios, maxImages, supportsNegativePrompt, supportsSeed, null,
                List.of(), 0, ModelStatus.ACTIVE, null, null, null);
    }

    /** A model that takes no reference images (so needs no field for them). */
    public ImageModel(String id, String family, String name, int creditsPerImage, List<String> aspectRatios,
            int maxImages, boolean supportsNegativePrompt, boolean supportsSeed, Double typicalSeconds,
            List<ModelOption> options, int maxReferenceImages, ModelStatus status, OffsetDateTime retiresOn,
            String replacement) {
        this(id, family, name, creditsPerImage, aspectRatios, maxImages, supportsNegativePrompt, supportsSeed,
                typicalSeconds, options, maxReferenceImages, status, retiresOn, replacement, null);
    }

    /** This model with another status (an operator's or the upstream's word on it). */
    public ImageModel withStatus(ModelStatus newStatus) {
        return new ImageModel(id, family, name, creditsPerImage, aspectRatios, maxImages, supportsNegativePrompt,
                supportsSeed, typicalSeconds, options, maxReferenceImages, newStatus, retiresOn, replacement,
                referenceImagesField);
    }

    /**
     * The price of one image with these values: the model's price (that of every option at its default) changed by
     * the difference each chosen value makes to its option's default.
     */
    public int creditsPerImage(List<OptionChoice> chosen) {
        return creditsPerImage + chosen.stream()
                .mapToInt(choice -> choice.value().creditsPerImage() - choice.option().defaultCredits()).sum();
    }

    public boolean supportsAspectRatio(String ratio) {
        return aspectRatios.contains(ratio);
    }

    public Optional<ModelOption> option(String name) {
        return options.stream().filter(option -> option.name().equals(name)).findFirst();
    }
}
