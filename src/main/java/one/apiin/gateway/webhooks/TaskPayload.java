package one.apiin.gateway.webhooks;

import one.apiin.gateway.task.TaskSnapshot;

/**
 * What a delivery says of its ended task: the {@code data} of the Standard Webhooks body, in the words of the dialect
 * that took the callback URL (the same as its own task answer).
 */
public interface TaskPayload {

    /** The task as the dialect shows it, with kept image URLs under {@code imageBase}. */
    Object data(TaskSnapshot task, String imageBase);
}
