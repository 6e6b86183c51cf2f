package one.apiin.gateway.task;

/**
 * Fired (synchronously, after the commit) on the replica that ended a task. {@code mark} is null for tasks
 * outside the result cache; {@code leaderTaskId} is set for a task that shared another's generation.
 */
public record TaskEnded(TaskSnapshot task, CacheMark mark, String leaderTaskId) {
}
