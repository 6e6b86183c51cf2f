package one.apiin.gateway.catalog;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An upstream parameter of one model beyond the common fields, with the values it takes. */
@RegisterForReflection // read with Jackson from the catalog file: native images need it
@Type("ModelOption")
@Description("An upstream parameter of one model, e.g. quality for gpt-image-1.5-official")
public record ModelOption(
        @NonNull @Description("The upstream's parameter name: quality, resolution, style, type, ...") String name,
        // "default" is a Java keyword: the component is named otherwise, the API and the file say "default".
        @NonNull @Name("default") @JsonProperty("default") @Description("The value applied when a request leaves the option out") String defaultValue,
        @NonNull List<@NonNull ModelOptionValue> values) {

    public ModelOption {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public Optional<ModelOptionValue> value(String value) {
        return values.stream().filter(v -> v.value().equals(value)).findFirst();
    }

    public List<String> valueNames() {
        return values.stream().map(ModelOptionValue::value).toList();
    }
}
