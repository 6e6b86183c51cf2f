package one.apiin.gateway.cache;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

import one.apiin.gateway.task.TaskImage;

/** What the result cache keeps of a successful deterministic generation. */
@RegisterForReflection // serialised with Jackson outside REST endpoints: native images need it
public record CachedResult(String taskId, List<TaskImage> images) {
}
