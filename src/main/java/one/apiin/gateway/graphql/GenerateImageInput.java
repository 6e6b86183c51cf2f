package one.apiin.gateway.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

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

    ImageRequest toRequest() {
        return new ImageRequest(prompt, model, aspectRatio, negativePrompt, numImages, seed);
    }
}
