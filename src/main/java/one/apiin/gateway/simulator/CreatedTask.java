package one.apiin.gateway.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code data} of a successful create answer. */
@RegisterForReflection
record CreatedTask(@JsonProperty("task_id") String taskId, String status) {
}
