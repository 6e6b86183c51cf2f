package one.apiin.gateway.catalog;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An upstream parameter of one model beyond the common fields, with the values it takes.
 *
 * @param upstream the upstream's name for it (the option's own name when absent); {@value #AS_MODEL} sends the
 *        value's {@link ModelOptionValue#upstreamValue()} as the model id instead of the catalog's id
 */
@RegisterForReflection // read with Jackson from the catalog file: native images need it
@Type("ModelOption")
@Description("An upstream parameter of one model, e.g. quality for gpt-image-1.5-official")
public record ModelOption(
        @NonNull @Description("The upstream's parameter name: quality, resolution, style, type, ...") String name,
        // "default" is a Java keyword: the component is named otherwise, the API and the file say "default".
        @NonNull @Name("default") @JsonProperty("default") @Description("The value applied when a request leaves the option out") String defaultValue,
        @NonNull List<@NonNull ModelOptionValue> values,
        @Ignore String upstream) {

    /** The upstream name of an option whose values are upstream model ids (ideogram-v3's speed tiers). */
    public static final String AS_MODEL = "model";

    public ModelOption {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** An option sent upstream under its own name. */
    public ModelOption(String name, String defaultValue, List<ModelOptionValue> values) {
        this(name, defaultValue, values, null);
    }

    public Optional<ModelOptionValue> value(String value) {
        return values.stream().filter(v -> v.value().equals(value)).findFirst();
    }

    public List<String> valueNames() {
        return values.stream().map(ModelOptionValue::value).toList();
    }

    /** The name the upstream knows it by. */
    public String upstreamName() {
        return upstream == null ? name : upstream;
    }

    /** The default value's price: the model's {@code creditsPerImage} is the price with every option at its default. */
    public int defaultCredits() {
        return value(defaultValue).map(ModelOptionValue::creditsPerImage).orElse(0);
    }
}
