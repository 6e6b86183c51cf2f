package one.apiin.gateway.generation;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** What a generation would cost now. */
@Type("Estimate")
@Description("What a generateImage with this input would cost now, without starting anything")
public record Estimate(
        @NonNull @Description("The model that would run (the replacement where a fallback applies)") String model,
        @NonNull int creditsPerImage,
        @NonNull @Description("creditsPerImage x numImages: the charge of a new generation") int credits,
        @NonNull @Description("True when an identical result is cached for the caller: it would cost 0") boolean cached) {
}
