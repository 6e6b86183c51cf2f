package one.apiin.gateway.task.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.GatewayException;
import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.tracking.TaskUpstream.Attempt;
import one.apiin.gateway.upstream.ApiInOneClient;
import one.apiin.gateway.upstream.UpstreamConfig;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/**
 * Tracking as the rest of the gateway sees it: hand a newly stored task to the upstream and follow it to its end,
 * or follow a task that shares another's generation. Leases, attempts, polling and resubmission stay inside this
 * package.
 */
@ApplicationScoped
public class TaskTracking {

    private final TaskTracker tracker;
    private final TaskLeases leases;
    private final TaskUpstream upstream;
    private final UpstreamCallbacks callbacks;
    private final TaskService tasks;
    private final ApiInOneClient client;
    private final UpstreamConfig config;
    private final TrackingConfig trackingConfig;

    TaskTracking(TaskTracker tracker, TaskLeases leases, TaskUpstream upstream, UpstreamCallbacks callbacks,
            TaskService tasks, ApiInOneClient client, UpstreamConfig config, TrackingConfig trackingConfig) {
        this.trackingConfig = trackingConfig;
        this.tracker = tracker;
        this.leases = leases;
        this.upstream = upstream;
        this.callbacks = callbacks;
        this.tasks = tasks;
        this.client = client;
        this.config = config;
    }

    /**
     * Submits a task just stored, retrying what created nothing (5xx, no connection) until the creation retry deadline
     * and waiting out a short 429, then follows it. Completes with the task RUNNING; QUEUED when the upstream cannot
     * be reached now (it is resubmitted in the background); or FAILED when the upstream's answer could not be used or
     * never came (it may have charged: never repeated). Fails with the upstream's refusal, and then the task is gone
     * and the tasks sharing it end with the same refusal.
     */
    public Uni<TaskSnapshot> submit(TaskSnapshot task, String apiKey, UpstreamCreateRequest body) {
        Instant deadline = Instant.now().plus(config.createRetryDeadline());
        // The first call (recorded with the task when it was stored) goes out while the lease is being taken: no scan
        // acts on a task this young. Its outcome is handled once both are done, so a release never overtakes the
        // acquisition.
        Uni<Attempt> first = Uni.combine().all()
                .unis(leases.acquire(task.id()).onFailure().recoverWithNull(), upstream.firstAttempt(task, apiKey, body,
                        trackingConfig.leaseTime()))
                .with((held, outcome) -> outcome);
        return leases.whileHeld(task.id(),
                first.chain(outcome -> settled(task, apiKey, body, deadline, 1, Duration.ZERO, outcome)));
    }

    /** A later attempt, recorded before it is made. */
    private Uni<TaskSnapshot> submitUntil(TaskSnapshot task, String apiKey, UpstreamCreateRequest body,
            Instant deadline, int attempt, Duration rateLimitWaited) {
        return upstream.attempt(task.id(), apiKey, body)
                .chain(outcome -> settled(task, apiKey, body, deadline, attempt, rateLimitWaited, outcome));
    }

    private Uni<TaskSnapshot> settled(TaskSnapshot task, String apiKey, UpstreamCreateRequest body, Instant deadline,
            int attempt, Duration rateLimitWaited, Attempt outcome) {
        if (outcome instanceof Attempt.Accepted accepted) {
            tracker.track(task.id(), task.createdAt());
            return accepted.task() != null ? Uni.createFrom().item(accepted.task()) : tasks.find(task.id());
        }
        if (outcome instanceof Attempt.NotMade) {
            tracker.track(task.id());
            return tasks.find(task.id());
        }
        if (outcome instanceof Attempt.AwaitingWord) {
            tracker.track(task.id());
            return tasks.find(task.id());
        }
        if (outcome instanceof Attempt.Ended ended && ended.task() == null) {
            // Not ended after all: the upstream's id reached the task first (its callback), and it is followed.
            tracker.track(task.id());
            return tasks.find(task.id());
        }
        if (outcome instanceof Attempt.Ended ended) {
            return leases.release(task.id()).replaceWith(ended.task());
        }
        if (outcome instanceof Attempt.Refused refused) {
            return refuse(task, refused.error());
        }
        Attempt.Retry retry = (Attempt.Retry) outcome;
        Duration wait = retry.error() instanceof RateLimitedException
                ? Duration.ofSeconds(retry.retryAfterSeconds() == null ? 1 : retry.retryAfterSeconds())
                : client.backoff(attempt);
        if (retry.error() instanceof RateLimitedException) {
            return rateLimitWaited.plus(wait).compareTo(config.rateLimitMaxWait()) > 0
                    ? refuse(task, retry.error())
                    : pause(wait).chain(() -> submitUntil(task, apiKey, body, deadline, attempt + 1,
                            rateLimitWaited.plus(wait)));
        }
        if (Instant.now().plus(wait).isAfter(deadline)) {
            // Still down: the task stays QUEUED and the tracker resubmits it until the submission deadline.
            tracker.track(task.id());
            return tasks.find(task.id());
        }
        return pause(wait).chain(() -> submitUntil(task, apiKey, body, deadline, attempt + 1, rateLimitWaited));
    }

    /** Nothing was created and the caller gets the refusal: the task goes, its followers end with the refusal. */
    private Uni<TaskSnapshot> refuse(TaskSnapshot task, GatewayException refusal) {
        return tasks.refused(task.id(), refusal.code(), refusal.getMessage())
                .call(() -> leases.release(task.id()))
                .chain(() -> Uni.createFrom().failure(refusal));
    }

    /** Follows a task that shares another task's generation until it ends. */
    public Uni<Void> follow(String taskId) {
        return leases.acquire(taskId).onFailure().recoverWithNull()
                .invoke(() -> tracker.track(taskId))
                .replaceWithVoid();
    }

    /** The callback URL to give the upstream for a task, when GATEWAY_PUBLIC_URL is set. */
    public Optional<String> callbackUrl(String taskId) {
        return callbacks.urlFor(taskId);
    }

    /** The upstream body as stored with the task, so that any replica can resubmit exactly what was asked. */
    public String serialize(UpstreamCreateRequest body) {
        return upstream.write(body);
    }

    /** Tasks this replica follows now. */
    public int trackedCount() {
        return tracker.trackedCount();
    }

    private static Uni<Void> pause(Duration duration) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(duration);
    }
}
