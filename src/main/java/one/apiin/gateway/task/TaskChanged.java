package one.apiin.gateway.task;

/**
 * Fired (synchronously, after the commit) for every stored change of a task, on the replica that made it: the
 * change feed carries it to the task's subscribers on every replica.
 */
public record TaskChanged(TaskSnapshot task) {
}
