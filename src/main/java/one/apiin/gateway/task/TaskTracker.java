package one.apiin.gateway.task;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.error.InternalException;
import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.error.UpstreamUnavailableException;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.upstream.ApiInOneClient;

/**
 * Follows upstream tasks until they end: first poll soon after acceptance, then backing off to a cap. Every
 * poll reads the task afresh, so a tracker holds nothing that a restart would lose but its timer.
 */
@ApplicationScoped
public class TaskTracker {

    private static final Logger LOG = Logger.getLogger(TaskTracker.class);

    private final TaskService tasks;
    private final ApiInOneClient upstream;
    private final ModelCatalog catalog;
    private final TrackingConfig config;
    private final Vertx vertx;

    public TaskTracker(TaskService tasks, ApiInOneClient upstream, ModelCatalog catalog, TrackingConfig config,
            Vertx vertx) {
        this.tasks = tasks;
        this.upstream = upstream;
        this.catalog = catalog;
        this.config = config;
        this.vertx = vertx;
    }

    /** Starts following a task the upstream accepted. */
    public void track(String taskId) {
        schedule(taskId, config.firstPoll());
    }

    private void schedule(String taskId, Duration delay) {
        vertx.setTimer(Math.max(1, delay.toMillis()), timer -> SafeContext.run(vertx, () -> poll(taskId))
                .subscribe().with(
                        ended -> {
                            if (!ended) {
                                schedule(taskId, next(delay));
                            }
                        },
                        failure -> {
                            LOG.warnf("Tracking task %s failed (%s); retrying", taskId, failure.getClass().getSimpleName());
                            schedule(taskId, next(delay));
                        }));
    }

    Duration next(Duration delay) {
        long millis = (long) (delay.toMillis() * config.backoffFactor());
        return Duration.ofMillis(Math.min(millis, config.maxPollInterval().toMillis()));
    }

    /** One poll; completes with true when the task needs no more polling. */
    Uni<Boolean> poll(String taskId) {
        return tasks.tracked(taskId).chain(tracked -> {
            if (tracked == null || tracked.status().terminal() || tracked.upstreamTaskId() == null
                    || tracked.apiKey() == null) {
                return Uni.createFrom().item(true);
            }
            return upstream.status(tracked.apiKey(), tracked.upstreamTaskId())
                    .chain(answer -> tasks.observed(taskId, answer, credits(tracked)))
                    .map(changed -> answer(changed))
                    .onFailure().recoverWithUni(failure -> failed(tracked, failure));
        });
    }

    private static boolean answer(TaskSnapshot changed) {
        return changed != null && changed.terminal();
    }

    private Uni<Boolean> failed(TaskService.Tracked tracked, Throwable failure) {
        boolean transientTrouble = failure instanceof UpstreamUnavailableException
                || failure instanceof RateLimitedException || failure instanceof InternalException;
        if (!transientTrouble) {
            return tasks.fail(tracked.id(), "UPSTREAM_FAILED", "The upstream stopped answering for this task: "
                    + failure.getMessage()).replaceWith(true);
        }
        if (Instant.now().isAfter(tracked.statusKnownAt().plus(config.statusDeadline()))) {
            return tasks.fail(tracked.id(), "UPSTREAM_TIMEOUT", "The upstream status of this task could not be "
                    + "learned for " + config.statusDeadline().toMinutes() + " minutes.").replaceWith(true);
        }
        LOG.debugf("Status of task %s unknown for now (%s)", tracked.id(), failure.getClass().getSimpleName());
        return Uni.createFrom().item(false);
    }

    private int credits(TaskService.Tracked tracked) {
        return catalog.find(tracked.model()).map(ImageModel::creditsPerImage).orElse(0) * tracked.numImages();
    }
}
