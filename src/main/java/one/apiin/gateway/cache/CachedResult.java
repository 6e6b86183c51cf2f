package one.apiin.gateway.cache;

import java.util.List;

import one.apiin.gateway.task.TaskImage;

/** What the result cache keeps of a successful deterministic generation. */
public record CachedResult(String taskId, List<TaskImage> images) {
}
