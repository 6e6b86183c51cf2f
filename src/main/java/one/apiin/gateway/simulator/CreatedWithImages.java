package one.apiin.gateway.simulator;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code data} of a create answer that carries the finished images, as upstream models that "return
 * directly without creating a media task" answer: {@code {"task_id":…,"status":"completed","images":[{"url":…}]}},
 * the task id left out when null.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
record CreatedWithImages(@JsonProperty("task_id") String taskId, String status, List<Image> images) {

    /** Lower case, as these answers spell it (status polls say COMPLETED). */
    static final String COMPLETED = "completed";

    @RegisterForReflection
    record Image(String url) {
    }
}
