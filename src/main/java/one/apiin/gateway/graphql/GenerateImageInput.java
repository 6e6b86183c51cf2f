package one.apiin.gateway.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.generation.CachePolicy;
import one.apiin.gateway.generation.ImageRequest;

@Input("GenerateImageInput")
public class GenerateImageInput {

    @NonNull
    @Description("3 to 5000 characters")
    public String prompt;
    @Description("Model id; imagen4 when absent")
    public String model;
    @Description("One of the model's aspectRatios; 1:1 when absent")
    public String aspectRatio;
    public String negativePrompt;
    @Description("1 to the model's maxImages; 1 when absent")
    public Integer numImages;
    @Description("0 to 2147483647; a seeded request is deterministic and so cacheable")
    public Integer seed;
    @Description("How a seeded request uses the result cache; USE when absent")
    public CachePolicy cache;
    @Description("Model options by name (see Model.options), each at most once")
    public List<@NonNull ModelOptionInput> options;
    @Description("Reference images for models that take them (see Model.maxReferenceImages): https URLs, or image URLs "
            + "of the caller's own tasks")
    public List<@NonNull String> referenceImages;
    @Description("1 to 255 characters of the caller's choosing: a retry with the same key within 24 hours returns the "
            + "same task and never starts a second generation (the HTTP header Idempotency-Key does the same)")
    public String idempotencyKey;

    ImageRequest toRequest() {
        return toRequest(null);
    }

    /** The request, its idempotency key given by the input or by the HTTP header (both: they must agree). */
    ImageRequest toRequest(String headerKey) {
        if (idempotencyKey != null && headerKey != null && !idempotencyKey.equals(headerKey)) {
            throw new BadUserInputException(List.of(new BadUserInputException.FieldError("idempotencyKey",
                    "idempotencyKey differs from the Idempotency-Key header: send one key, or the same in both")));
        }
        List<ImageRequest.Option> chosen = options == null ? null
                : options.stream().map(option -> new ImageRequest.Option(option.name, option.value)).toList();
        return new ImageRequest(prompt, model, aspectRatio, negativePrompt, numImages, seed, chosen, referenceImages,
                idempotencyKey != null ? idempotencyKey : headerKey);
    }
}
