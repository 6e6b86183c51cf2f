package one.apiin.gateway.catalog;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One value a model option takes, with its price. */
@RegisterForReflection // read with Jackson from the catalog file: native images need it
@Type("ModelOptionValue")
public record ModelOptionValue(
        @NonNull String value,
        @NonNull @Description("Credits for one image with this value") int creditsPerImage) {
}
