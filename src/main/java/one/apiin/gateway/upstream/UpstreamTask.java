package one.apiin.gateway.upstream;

import java.util.List;

/**
 * One parsed upstream answer about a task (create or status).
 * rawStatus is the status string as sent (null if none); raw is the whole body as received.
 */
public record UpstreamTask(String taskId, UpstreamStatus status, String rawStatus, Integer progress,
        List<String> imageUrls, String errorMessage, String raw) {

    /** Callers iterate imageUrls without null checks, and must not be able to mutate a parsed answer. */
    public UpstreamTask {
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
        status = status == null ? UpstreamStatus.UNKNOWN : status;
    }
}
