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

    @RegisterForReflection
    record Output(@JsonProperty("image_urls") List<String> imageUrls) {
    }

    @RegisterForReflection
    record Error(String message) {
    }
}
