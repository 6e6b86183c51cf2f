package one.apiin.gateway.task.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.Failures;
import one.apiin.gateway.error.UnauthenticatedException;
import one.apiin.gateway.task.TaskAttempts;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskStatus;
import one.apiin.gateway.task.Tracked;
import one.apiin.gateway.task.feed.TaskFeed;
import one.apiin.gateway.task.tracking.TaskUpstream.Attempt;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * Carries out what {@link TickDecision#decide} decided for one tick of a task, and keeps what ticks learn between
 * them: when each task was last polled (its model's generation time is learned from the last two polls), since when
 * its key is refused, the next wait its model's plan asks for, and the watches of shared generations.
 */
@ApplicationScoped
class TaskTick {

    private static final Logger LOG = Logger.getLogger(TaskTick.class);

    /** What a tick means for the tracking of its task. */
    enum Outcome {
        /** The task goes on: tick again later. */
        KEEP_TRACKING,
        /** This replica no longer follows the task: it ended, or another replica has it. */
        STOP;

        static Outcome stopIf(boolean stop) {
            return stop ? STOP : KEEP_TRACKING;
        }
    }

    private static final Uni<Outcome> STOP = Uni.createFrom().item(Outcome.STOP);
    private static final Uni<Outcome> KEEP_TRACKING = Uni.createFrom().item(Outcome.KEEP_TRACKING);

    private final TaskService tasks;
    private final TaskAttempts attempts;
    private final TaskUpstream upstream;
    private final TaskLeases leases;
    private final TaskFeed feed;
    private final GenerationTimes times;
    private final TrackingConfig config;
    private final TickDecision.Rules rules;
    /** The next wait a poll planned for its task (its model's plan), taken by the schedule after the tick. */
    private final ConcurrentHashMap<String, Duration> planned = new ConcurrentHashMap<>();
    /** When each task was last polled: its generation time is learned from the last two polls. */
    private final ConcurrentHashMap<String, Instant> lastPolled = new ConcurrentHashMap<>();
    /** The upstream's last progress report of each task: its plan follows the end that progress implies. */
    private final ConcurrentHashMap<String, PollPlan.Progress> progress = new ConcurrentHashMap<>();
    /** Since when each task's key has been refused by its polls (401/403), for the grace of a key rotation. */
    private final ConcurrentHashMap<String, Instant> refusedSince = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Runnable> watches = new ConcurrentHashMap<>();
    /** Tasks of another GATEWAY_SECRET already noted, so that each is logged once. */
    private final Set<String> foreign = ConcurrentHashMap.newKeySet();

    TaskTick(TaskService tasks, TaskAttempts attempts, TaskUpstream upstream, TaskLeases leases, TaskFeed feed,
            GenerationTimes times,
            TrackingConfig config, UpstreamConfig upstreamConfig, CallbackConfig callbackConfig) {
        this.tasks = tasks;
        this.attempts = attempts;
        this.upstream = upstream;
        this.leases = leases;
        this.feed = feed;
        this.times = times;
        this.config = config;
        this.rules = TickDecision.Rules.of(config, upstreamConfig, callbackConfig.publicUrl().isPresent());
    }

    /**
     * One tick for a task: read it, decide, act. {@code leaseKnownHeld} is false when Redis could not tell;
     * {@code pollNow} polls the task at once (a leader it follows changed).
     */
    Uni<Outcome> run(String taskId, boolean leaseKnownHeld, Consumer<String> pollNow) {
        return attempts.tracked(taskId).chain(tracked -> act(tracked,
                TickDecision.decide(tracked, leaseKnownHeld, Instant.now(), rules), pollNow));
    }

    private Uni<Outcome> act(Tracked tracked, TickDecision decision, Consumer<String> pollNow) {
        if (decision instanceof TickDecision.Stop) {
            return STOP;
        }
        if (decision instanceof TickDecision.LastPoll last) {
            return lastPoll(tracked, last.pollable());
        }
        if (decision instanceof TickDecision.Follow) {
            return follow(tracked, pollNow);
        }
        if (decision instanceof TickDecision.LeaveToOthers) {
            if (foreign.add(tracked.id())) {
                LOG.debugf("Task %s was stored under another GATEWAY_SECRET; leaving it to other replicas", tracked.id());
            }
            return STOP;
        }
        if (decision instanceof TickDecision.Fail fail) {
            if (fail.warning() != null) {
                LOG.warnf("Task %s: %s; failing it", tracked.id(), fail.warning());
            }
            foreign.remove(tracked.id());
            return tasks.fail(tracked.id(), fail.code(), fail.message()).replaceWith(Outcome.STOP);
        }
        if (decision instanceof TickDecision.Poll) {
            return poll(tracked);
        }
        if (decision instanceof TickDecision.NoWordCame) {
            LOG.warnf("Task %s: a creation call was made and its outcome never learned", tracked.id());
            // Null when the upstream's id reached the task meanwhile: it is polled from now on.
            return upstream.noWordCame(tracked)
                    .map(attempt -> Outcome.stopIf(attempt instanceof Attempt.Ended ended && ended.task() != null));
        }
        if (decision instanceof TickDecision.Submit) {
            return submit(tracked);
        }
        return KEEP_TRACKING;
    }

    /**
     * The task reached its deadline: one last poll first, where one can be made, since the upstream may have finished
     * it since the last one (and billed it); then it ends UPSTREAM_TIMEOUT unless that poll ended it.
     */
    private Uni<Outcome> lastPoll(Tracked tracked, boolean pollable) {
        Uni<Boolean> ended = pollable ? upstream.poll(tracked).map(changed -> changed != null && changed.terminal())
                .onFailure().recoverWithItem(false) : Uni.createFrom().item(false);
        return ended.chain(done -> done ? STOP
                : tasks.fail(tracked.id(), "UPSTREAM_TIMEOUT", "The task did not end within "
                        + TickDecision.minutes(config.taskDeadline()) + " of its creation.").replaceWith(Outcome.STOP));
    }

    /**
     * A task sharing another's generation mirrors its leader; it is told of the leader's changes through the
     * feed at once, and checks at its own rhythm all the same, in case a change was missed.
     */
    private Uni<Outcome> follow(Tracked follower, Consumer<String> pollNow) {
        watches.computeIfAbsent(follower.id(),
                id -> feed.watch(follower.leaderTaskId(), leader -> pollNow.accept(follower.id())));
        return tasks.find(follower.leaderTaskId())
                .chain(leader -> tasks.mirror(follower.id(), leader))
                .map(changed -> Outcome.stopIf(changed != null && changed.terminal()));
    }

    private Uni<Outcome> submit(Tracked tracked) {
        return leases.whileHeld(tracked.id(), upstream.attempt(tracked)).chain(attempt -> {
            if (attempt instanceof Attempt.Ended) {
                return STOP;
            }
            if (attempt instanceof Attempt.Refused refused) {
                return tasks.fail(tracked.id(), refused.error().code(), refused.error().getMessage())
                        .replaceWith(Outcome.STOP);
            }
            if (attempt instanceof Attempt.Retry retry) {
                LOG.debugf("Task %s not submitted yet (%s)", tracked.id(), retry.error().code());
            }
            return KEEP_TRACKING;
        }).onFailure().recoverWithUni(failure -> {
            // The gateway's own trouble (a database hiccup): the attempt, if recorded, is settled by its window.
            LOG.debugf("Task %s not submitted yet (%s)", tracked.id(), Failures.causeChain(failure));
            return KEEP_TRACKING;
        });
    }

    /**
     * Polls the upstream; the next poll is placed by the plan of the task's model and number of images, and by the
     * progress the upstream reported. A generation seen ending teaches that time: the end lies between the last two
     * polls, and is taken half-way.
     */
    private Uni<Outcome> poll(Tracked tracked) {
        Instant polled = Instant.now();
        Instant previous = lastPolled.put(tracked.id(), polled);
        // A success's images are copied before it is written (seconds, maybe): the lease is kept meanwhile.
        return leases.whileHeld(tracked.id(), upstream.poll(tracked))
                .invoke(changed -> {
                    refusedSince.remove(tracked.id());
                    if (changed != null && changed.status() == TaskStatus.SUCCEEDED) {
                        Instant since = previous != null ? previous : tracked.createdAt();
                        Instant end = since.plus(Duration.between(since, polled).dividedBy(2));
                        times.record(tracked.model(), tracked.numImages(), Duration.between(tracked.createdAt(), end));
                    } else if (changed != null && changed.progress() != null) {
                        progress.put(tracked.id(), new PollPlan.Progress(Duration.between(tracked.createdAt(), polled),
                                changed.progress()));
                    }
                })
                .map(changed -> Outcome.stopIf(changed != null && changed.terminal()))
                .onFailure().recoverWithUni(failure -> pollFailed(tracked, failure, polled))
                .invoke(outcome -> {
                    if (outcome == Outcome.KEEP_TRACKING) {
                        planned.put(tracked.id(), times.plan(tracked.model(), tracked.numImages())
                                .next(Duration.between(tracked.createdAt(), Instant.now()), progress.get(tracked.id())));
                    }
                });
    }

    /**
     * A poll begun at {@code polled} failed: the task is polled again, or ends, as {@link PollFailures} decides. Where
     * the upstream answered this very poll, what failed was writing its answer down (a lock held elsewhere, a
     * database hiccup): the gateway's own trouble, so its status counts as known now.
     */
    private Uni<Outcome> pollFailed(Tracked tracked, Throwable failure, Instant polled) {
        Instant now = Instant.now();
        Instant refused = failure instanceof UnauthenticatedException ? refusedSince.computeIfAbsent(tracked.id(),
                id -> now) : null;
        Instant answered = upstream.lastAnswer(tracked);
        PollFailures.Ending ending = PollFailures.decide(failure, now, tracked.acceptedAround(),
                answered.isBefore(polled) ? answered : now, refused, PollFailures.Graces.of(config));
        if (ending != null) {
            return tasks.fail(tracked.id(), ending.code(), ending.message()).replaceWith(Outcome.STOP);
        }
        LOG.debugf("Status of task %s unknown for now (%s)", tracked.id(), Failures.causeChain(failure));
        return KEEP_TRACKING;
    }

    /** The wait the last poll's plan asks for before the next tick; null when none was planned. */
    Duration takePlanned(String taskId) {
        return planned.remove(taskId);
    }

    /** This replica stopped following the task: what its ticks learned of it goes. */
    void forget(String taskId) {
        planned.remove(taskId);
        lastPolled.remove(taskId);
        progress.remove(taskId);
        refusedSince.remove(taskId);
        upstream.forget(taskId);
        Runnable unwatch = watches.remove(taskId);
        if (unwatch != null) {
            unwatch.run();
        }
    }
}
