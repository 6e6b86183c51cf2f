package one.apiin.gateway.task.tracking;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.UpstreamUnavailableException;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/**
 * Tracking as the rest of the gateway sees it: hand a newly stored task to the upstream and follow it to its end,
 * or follow a task that shares another's generation. Leases, polling and resubmission stay inside this package.
 */
@ApplicationScoped
public class TaskTracking {

    private final TaskTracker tracker;
    private final TaskLeases leases;
    private final TaskUpstream upstream;
    private final UpstreamCallbacks callbacks;

    TaskTracking(TaskTracker tracker, TaskLeases leases, TaskUpstream upstream, UpstreamCallbacks callbacks) {
        this.tracker = tracker;
        this.leases = leases;
        this.upstream = upstream;
        this.callbacks = callbacks;
    }

    /**
     * Submits a task just stored, then follows it. Completes with the task RUNNING, or still QUEUED when the upstream
     * cannot be reached now (it is resubmitted in the background); fails with the upstream's refusal, and then
     * nothing follows the task.
     */
    public Uni<TaskSnapshot> submit(TaskSnapshot task, String apiKey, UpstreamCreateRequest body) {
        // The lease keeps other replicas' scans off the task while this request submits it.
        return leases.acquire(task.id()).onFailure().recoverWithNull()
                .chain(() -> upstream.submit(task.id(), apiKey, body))
                .invoke(accepted -> tracker.track(accepted.id()))
                .onFailure(UpstreamUnavailableException.class).recoverWithItem(() -> {
                    tracker.track(task.id());
                    return task;
                })
                .onFailure().call(() -> leases.release(task.id()));
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
}
