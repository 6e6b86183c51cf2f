package one.apiin.gateway.dialects.apiinone;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.webhooks.TaskPayload;

/** A callback's {@code data}: the task as {@code GET /api/v1/tasks/{task_id}} shows it. */
@ApplicationScoped
class ApiInOnePayload implements TaskPayload {

    @Override
    public Object data(TaskSnapshot task, String imageBase) {
        return ApiInOneTask.of(task, imageBase);
    }
}
