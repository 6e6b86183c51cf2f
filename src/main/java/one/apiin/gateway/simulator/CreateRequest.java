package one.apiin.gateway.simulator;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /api/v1/images/generations}; a model's own parameters (quality, style, images, ...) are kept
 * in {@code parameters}, for billing by option.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
record CreateRequest(String model,
        String prompt,
        @JsonProperty("aspect_ratio") String aspectRatio,
        @JsonProperty("negative_prompt") String negativePrompt,
        @JsonProperty("num_images") Integer numImages,
        Long seed,
        @JsonProperty("callback_url") String callbackUrl,
        @JsonAnySetter Map<String, Object> parameters) {

    CreateRequest {
        parameters = parameters == null ? Map.of() : parameters;
    }

    /** A blank callback_url counts as none; validity is checked by {@link CreateRequestReader}. */
    @JsonIgnore
    Optional<URI> callbackUri() {
        return callbackUrl == null || callbackUrl.isBlank()
                ? Optional.empty()
                : Optional.of(URI.create(callbackUrl.trim()));
    }
}
