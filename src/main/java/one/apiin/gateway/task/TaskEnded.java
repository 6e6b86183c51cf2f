package one.apiin.gateway.task;

/**
 * Fired (synchronously, after the commit) on the replica that ended a task. {@code mark} is null for tasks
 * outside the result cache; {@code leaderTaskId} is set for a task that shared another's generation;
 * {@code dialect} is the door its request came through (graphql, apiinone, openai).
 */
public record TaskEnded(TaskSnapshot task, CacheMark mark, String leaderTaskId, String dialect) {

    /** The door of tasks stored before doors were kept: GraphQL was the only one. */
    public static final String GRAPHQL = "graphql";
}
