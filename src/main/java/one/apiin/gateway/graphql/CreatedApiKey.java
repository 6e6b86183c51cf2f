package one.apiin.gateway.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("CreatedApiKey")
public record CreatedApiKey(
        @NonNull @Description("The key, gk_…, shown this once") String key,
        @NonNull ApiKeyView apiKey) {

    /** Never the key. */
    @Override
    public String toString() {
        return "CreatedApiKey[" + apiKey + "]";
    }
}
