package one.apiin.gateway.simulator;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code data} of a status answer. Absent parts are left out of the JSON: {@code output} only when
 * COMPLETED, {@code error} only when FAILED.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
record SimulatedTaskView(@JsonProperty("task_id") String taskId, String status, Integer progress, String model,
        Output output, Error error) {

    static final String PENDING = "pending";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";

    /** The image URLs, or (sim:b64) the images themselves inline; the other is left out. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Output(@JsonProperty("image_urls") List<String> imageUrls, List<Inline> images) {

        Output(List<String> imageUrls) {
            this(imageUrls, null);
        }
    }

    @RegisterForReflection
    record Inline(@JsonProperty("b64_json") String b64Json) {
    }

    @RegisterForReflection
    record Error(String message) {
    }
}
