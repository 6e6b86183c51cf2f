package one.apiin.gateway.catalog;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One value a model option takes, with its price.
 *
 * @param upstream what is sent upstream for it (the value itself when absent): for an option sent as the model, the
 *        upstream model id
 * @param needsReferenceImages whether a request with this value must send at least one reference image
 */
@RegisterForReflection // read with Jackson from the catalog file: native images need it
@Type("ModelOptionValue")
public record ModelOptionValue(
        @NonNull String value,
        @NonNull @Description("Credits for one image with this value") int creditsPerImage,
        @Ignore String upstream,
        @Ignore boolean needsReferenceImages) {

    /** A value sent as itself that needs no reference images. */
    public ModelOptionValue(String value, int creditsPerImage) {
        this(value, creditsPerImage, null, false);
    }

    /** What the upstream gets for this value. */
    public String upstreamValue() {
        return upstream == null ? value : upstream;
    }
}
