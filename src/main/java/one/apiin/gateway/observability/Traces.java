package one.apiin.gateway.observability;

import io.opentelemetry.api.trace.Span;

/** What the gateway adds to the current span: the task id, never a key or a prompt. */
public final class Traces {

    static final String TASK_ID = "gateway.task.id";

    private Traces() {
    }

    public static void taskId(String id) {
        Span.current().setAttribute(TASK_ID, id);
    }
}
