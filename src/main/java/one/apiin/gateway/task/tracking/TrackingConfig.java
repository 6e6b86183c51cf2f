package one.apiin.gateway.task.tracking;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.tracking")
public interface TrackingConfig {

    /**
     * The first status poll after the upstream accepted a task; its progress (or its model's learned time) places
     * the later ones.
     */
    @WithDefault("1s")
    Duration firstPoll();

    /** Each later poll waits this much longer than the one before ... */
    @WithDefault("1.5")
    double backoffFactor();

    /** ... up to this cap. */
    @WithDefault("5s")
    Duration maxPollInterval();

    /** A task whose upstream status cannot be learned for this long ends FAILED with UPSTREAM_TIMEOUT. */
    @WithDefault("15m")
    Duration statusDeadline();

    /**
     * A status poll answered 404 this soon after the upstream accepted the task is polled again: an upstream may not
     * know a task it just created yet (replicas, eventual consistency). Later, a 404 ends the task UPSTREAM_FAILED.
     */
    @WithDefault("30s")
    Duration notFoundGrace();

    /**
     * Status polls refused 401/403 are made again for this long (a key being rotated) before the task ends
     * UPSTREAM_FAILED.
     */
    @WithDefault("60s")
    Duration authGrace();

    /** How long a tracker's lease on a task lasts without renewal: a dead replica's tasks are taken over after it. */
    @WithDefault("10s")
    Duration leaseTime();

    /**
     * Longest one tick may take (its statements, upstream call and image copies): past it the tick is abandoned, its
     * lease no longer renewed, and the task is tried again (here, or by another replica once the lease expires).
     */
    @WithDefault("60s")
    Duration tickTimeout();

    /** How often a replica looks for unfinished tasks that nobody tracks (at start, then at this interval). */
    @WithDefault("3s")
    Duration scanInterval();

    /** How many unfinished tasks one scan reads at a time. */
    @WithDefault("200")
    int scanPageSize();

    /** Redis key prefix of the generation times learned per model (shared by the replicas). */
    @WithDefault("image-gateway:duration:")
    String durationPrefix();

    /** Redis key prefix of the tracking leases. */
    @WithDefault("image-gateway:lease:")
    String leasePrefix();

    /** A task the upstream could not accept for this long (network errors, 5xx) ends FAILED UPSTREAM_UNAVAILABLE. */
    @WithDefault("10m")
    Duration submitDeadline();

    /** A task not ended this long after it was created ends FAILED UPSTREAM_TIMEOUT, whatever the upstream says. */
    @WithDefault("30m")
    Duration taskDeadline();

    /**
     * With callbacks (GATEWAY_PUBLIC_URL), how long a task whose creation call went out without an answer that tells
     * (a timeout, a proxy's 504) or with a 2xx that could not be read waits for the upstream's callback to bring the id
     * of the generation it made, counted from the call; then it ends UPSTREAM_OUTCOME_UNKNOWN (or UPSTREAM_UNREADABLE).
     */
    @WithDefault("5m")
    Duration unknownOutcomeWait();

    /**
     * A task stored under another GATEWAY_SECRET is left to replicas that can read it (a rollout) for this long,
     * then ends FAILED INTERNAL.
     */
    @WithDefault("1h")
    Duration foreignSecretGrace();
}
