package one.apiin.gateway.task;

import java.time.Instant;

/**
 * A task as its tracker sees it. {@code statusKnownAt} is when the upstream last answered about it;
 * {@code attemptStartedAt} when the creation call under way (or whose outcome was never learned) started;
 * {@code row} the task as read (detached: changing it writes nothing), to which a status answer is applied.
 */
public record Tracked(String id, TaskStatus status, String upstreamTaskId, String apiKey, boolean keyStored,
        String upstreamRequest, String leaderTaskId, String model, Instant createdAt, Instant statusKnownAt,
        Instant attemptStartedAt, Task row) {

    /**
     * About when the upstream accepted the task: when the creation call it accepted started (the attempt is kept
     * once accepted; the first is recorded with the task).
     */
    public Instant acceptedAround() {
        return attemptStartedAt != null ? attemptStartedAt : createdAt;
    }

    /** How many images the task asks for (its generation time is learned per model and number). */
    public int numImages() {
        return row.numImages;
    }

    /** Never the key, nor the row (which holds it encrypted). */
    @Override
    public String toString() {
        return "Tracked[" + id + ", " + status + ", upstream=" + upstreamTaskId + "]";
    }
}
