package one.apiin.gateway.upstream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code POST /api/v1/images/generations}; what the caller left out stays out.
 *
 * @param parameters the model's own parameters under the upstream's names (its options, its reference images'
 *        field), written at the top level of the body next to the common fields
 */
@RegisterForReflection // serialised with Jackson outside REST endpoints: native images need it
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamCreateRequest(
        String model,
        String prompt,
        @JsonProperty("aspect_ratio") String aspectRatio,
        @JsonProperty("negative_prompt") String negativePrompt,
        @JsonProperty("num_images") Integer numImages,
        Integer seed,
        @JsonProperty("callback_url") String callbackUrl,
        @JsonAnyGetter @JsonAnySetter Map<String, Object> parameters) {

    public UpstreamCreateRequest {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A body with the common fields only. */
    public UpstreamCreateRequest(String model, String prompt, String aspectRatio, String negativePrompt,
            Integer numImages, Integer seed, String callbackUrl) {
        this(model, prompt, aspectRatio, negativePrompt, numImages, seed, callbackUrl, Map.of());
    }
}
