package one.apiin.gateway.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /api/v1/images/generations}; what the caller left out stays out. */
@RegisterForReflection // serialised with Jackson outside REST endpoints: native images need it
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamCreateRequest(
        String model,
        String prompt,
        @JsonProperty("aspect_ratio") String aspectRatio,
        @JsonProperty("negative_prompt") String negativePrompt,
        @JsonProperty("num_images") Integer numImages,
        Integer seed,
        @JsonProperty("callback_url") String callbackUrl) {
}
