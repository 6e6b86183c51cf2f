package one.apiin.gateway.task.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import one.apiin.gateway.error.Failures;
import one.apiin.gateway.error.UnauthenticatedException;
import one.apiin.gateway.support.RedisChannels;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.task.PageCursor;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskStatus;
import one.apiin.gateway.task.feed.FeedConfig;
import one.apiin.gateway.task.feed.TaskFeed;
import one.apiin.gateway.task.tracking.TaskUpstream.Attempt;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * Follows unfinished tasks until they end, one replica per task (see {@link TaskLeases}). Each tick renews the
 * lease, then either submits a task the upstream has not accepted yet or polls its status. Nothing but the
 * timer lives in memory: at start and every scan interval, a replica picks up unfinished tasks that nobody
 * tracks, so restarts and crashes lose nothing.
 */
@ApplicationScoped
class TaskTracker {

    private static final Logger LOG = Logger.getLogger(TaskTracker.class);

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

    /** Whether this replica holds a task's lease, as far as Redis could tell. */
    enum Lease {
        HELD,
        /** Redis cannot be asked: the replica may poll what it already follows, and submits nothing. */
        UNKNOWN
    }

    private static final Uni<Outcome> STOP = Uni.createFrom().item(Outcome.STOP);
    private static final Uni<Outcome> KEEP_TRACKING = Uni.createFrom().item(Outcome.KEEP_TRACKING);

    private final TaskService tasks;
    private final TaskUpstream upstream;
    private final TaskLeases leases;
    private final TrackingConfig config;
    private final UpstreamConfig upstreamConfig;
    private final TaskFeed feed;
    private final Vertx vertx;
    private final Set<String> tracking = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Long> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Runnable> watches = new ConcurrentHashMap<>();
    /** Tasks of another GATEWAY_SECRET already noted, so that each is logged once. */
    private final Set<String> foreign = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scanning = new AtomicBoolean();
    private volatile long scanTimer = -1;
    /** Set when the replica begins to shut down: it then hands its tasks over and takes none. */
    private volatile boolean stopping;
    private final ReactivePubSubCommands<String> pubsub;
    /** Task ids released by a replica shutting down, for the others to take over at once. */
    private final String handoverChannel;
    private final Counter takenOver;
    private final GenerationTimes times;
    /** Whether the upstream is given callback URLs (GATEWAY_PUBLIC_URL). */
    private final boolean callbacks;
    /** The next wait a poll planned for its task (its model's plan), taken by the schedule after the tick. */
    private final ConcurrentHashMap<String, Duration> planned = new ConcurrentHashMap<>();
    /** When each task was last polled: its generation time is learned from the last two polls. */
    private final ConcurrentHashMap<String, Instant> lastPolled = new ConcurrentHashMap<>();
    /** The upstream's last progress report of each task: its plan follows the end that progress implies. */
    private final ConcurrentHashMap<String, PollPlan.Progress> progress = new ConcurrentHashMap<>();
    /** Since when each task's key has been refused by its polls (401/403), for the grace of a key rotation. */
    private final ConcurrentHashMap<String, Instant> refusedSince = new ConcurrentHashMap<>();

    TaskTracker(TaskService tasks, TaskUpstream upstream, TaskLeases leases, TrackingConfig config,
            UpstreamConfig upstreamConfig, TaskFeed feed, Vertx vertx, ReactiveRedisDataSource redis,
            FeedConfig feedConfig, MeterRegistry registry, GenerationTimes times, CallbackConfig callbackConfig) {
        this.times = times;
        this.callbacks = callbackConfig.publicUrl().isPresent();
        this.takenOver = Counter.builder("gateway.tasks.taken.over")
                .description("Tasks this replica took over from another (crashed, stopped, or lost its lease)")
                .register(registry);
        this.pubsub = redis.pubsub(String.class);
        this.handoverChannel = feedConfig.channel() + ":handover";
        this.tasks = tasks;
        this.upstream = upstream;
        this.leases = leases;
        this.config = config;
        this.upstreamConfig = upstreamConfig;
        this.feed = feed;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        scanTimer = vertx.setPeriodic(10, config.scanInterval().toMillis(), id -> scan());
        RedisChannels.listen(pubsub, handoverChannel, taskId -> {
            if (!stopping && !tracking.contains(taskId)) {
                adopt(taskId);
            }
        });
    }

    /**
     * The replica begins to shut down (SIGTERM; the shutdown delay starts): it stops polling, releases the lease of
     * every task it follows and tells the other replicas, which take them over at once rather than when the leases
     * expire. Waits at most {@link #HANDOVER_WAIT} for Redis.
     */
    void handOver(@Observes ShutdownDelayInitiatedEvent event) {
        handOver();
    }

    void stop(@Observes ShutdownEvent event) {
        handOver();
    }

    private void handOver() {
        if (stopping) {
            return;
        }
        stopping = true;
        vertx.cancelTimer(scanTimer);
        timers.values().forEach(vertx::cancelTimer);
        List<String> held = List.copyOf(tracking);
        tracking.clear();
        timers.clear();
        if (held.isEmpty()) {
            return;
        }
        LOG.infof("Shutting down: handing %d tasks over to the other replicas", held.size());
        try {
            Multi.createFrom().iterable(held)
                    .onItem().transformToUniAndMerge(taskId -> release(taskId).replaceWith(taskId))
                    .collect().last()
                    .await().atMost(HANDOVER_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("Hand-over incomplete (%s): the other replicas take the rest when the leases expire",
                    e.getClass().getSimpleName());
        }
    }

    /** Releases a task's lease and tells the other replicas to take it now. */
    private Uni<Void> release(String taskId) {
        upstream.forget(taskId);
        Runnable unwatch = watches.remove(taskId);
        if (unwatch != null) {
            unwatch.run();
        }
        return leases.release(taskId).chain(() -> pubsub.publish(handoverChannel, taskId))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    private static final Duration HANDOVER_WAIT = Duration.ofSeconds(3);

    /**
     * Starts following a task the upstream just accepted: the first poll comes {@code GATEWAY_TRACKING_FIRST_POLL}
     * after its creation, whatever its model's learned time says: its progress then places the next polls, so a task
     * much shorter than the ones before it is not polled late (a workload that shifts to shorter generations).
     */
    void track(String taskId, Instant createdAt) {
        if (stopping) {
            track(taskId);
            return;
        }
        if (tracking.add(taskId)) {
            Duration first = config.firstPoll().minus(Duration.between(createdAt, Instant.now()));
            schedule(taskId, first.isNegative() || first.isZero() ? Duration.ofMillis(1) : first, config.firstPoll());
        }
    }

    /** Starts following a task this replica holds the lease of; one shutting down hands it over instead. */
    void track(String taskId) {
        if (stopping) {
            release(taskId).subscribe().with(ignored -> {
            });
            return;
        }
        if (tracking.add(taskId)) {
            schedule(taskId, config.firstPoll());
        }
    }

    /** Polls a tracked task now (an upstream callback said it changed); a no-op where it is not tracked. */
    void pollNow(String taskId) {
        Long timer = timers.get(taskId);
        if (timer != null && vertx.cancelTimer(timer)) {
            schedule(taskId, Duration.ofMillis(1), config.firstPoll());
        }
    }

    /** Tasks this replica follows now. */
    int trackedCount() {
        return tracking.size();
    }

    /**
     * Pages through every unfinished task (keyset, oldest first) and adopts those nobody holds a lease of. Tasks
     * younger than the lease time are left alone: the replica that stored one is still claiming its marker and
     * submitting it or making it share a generation, and holds no lease yet; taken over then, it could be created
     * upstream a second time. A replica lost in that window leaves its tasks to the next scan, as a lost lease does.
     */
    private void scan() {
        if (scanning.compareAndSet(false, true)) {
            scanFrom(null, Instant.now().minus(config.leaseTime()));
        }
    }

    private void scanFrom(PageCursor after, Instant before) {
        SafeContext.run(vertx, () -> tasks.unfinished(before, after, config.scanPageSize())).subscribe().with(page -> {
            page.stream().map(PageCursor::id).filter(id -> !tracking.contains(id)).forEach(this::adopt);
            if (page.size() == config.scanPageSize()) {
                scanFrom(page.get(page.size() - 1), before);
            } else {
                scanning.set(false);
            }
        }, failure -> {
            scanning.set(false);
            LOG.warnf("Scan for untracked tasks failed (%s)", Failures.causeChain(failure));
        });
    }

    private void adopt(String taskId) {
        leases.acquire(taskId).subscribe().with(won -> {
            if (won && stopping) {
                release(taskId).subscribe().with(ignored -> {
                });
            } else if (won) {
                LOG.debugf("Taking over task %s", taskId);
                takenOver.increment();
                if (tracking.add(taskId)) {
                    schedule(taskId, Duration.ofMillis(1), config.firstPoll());
                }
            }
        }, failure -> LOG.debugf("Lease check failed (%s)", failure.getClass().getSimpleName()));
    }

    private void schedule(String taskId, Duration delay) {
        schedule(taskId, delay, delay);
    }

    /** Runs one tick after {@code delay}; {@code interval} is the rhythm the backoff continues from. */
    private void schedule(String taskId, Duration delay, Duration interval) {
        if (stopping) {
            return;
        }
        long timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> tick(taskId).subscribe().with(
                outcome -> {
                    Duration plan = planned.remove(taskId);
                    if (outcome == Outcome.STOP) {
                        forget(taskId);
                    } else if (plan != null) {
                        schedule(taskId, plan, interval);
                    } else {
                        Duration next = next(interval);
                        schedule(taskId, jitter(next), next);
                    }
                },
                failure -> {
                    LOG.warnf("Tracking task %s failed (%s); retrying", taskId, failure.getClass().getSimpleName());
                    schedule(taskId, next(interval));
                }));
        timers.put(taskId, timer);
    }

    private void forget(String taskId) {
        tracking.remove(taskId);
        timers.remove(taskId);
        planned.remove(taskId);
        lastPolled.remove(taskId);
        progress.remove(taskId);
        refusedSince.remove(taskId);
        upstream.forget(taskId);
        Runnable unwatch = watches.remove(taskId);
        if (unwatch != null) {
            unwatch.run();
        }
        leases.release(taskId).subscribe().with(ignored -> {
        });
    }

    Uni<Outcome> tick(String taskId) {
        return leases.holdOrTake(taskId)
                .map(held -> held ? Lease.HELD : null)
                .onFailure().recoverWithItem(Lease.UNKNOWN)
                .chain(lease -> lease == null ? STOP : SafeContext.run(vertx, () -> step(taskId, lease)))
                .ifNoItem().after(config.tickTimeout()).fail();
    }

    private Uni<Outcome> step(String taskId, Lease lease) {
        return tasks.tracked(taskId).chain(tracked -> {
            if (tracked == null || tracked.status().terminal()) {
                return STOP;
            }
            if (Instant.now().isAfter(tracked.createdAt().plus(config.taskDeadline()))) {
                return lastPoll(tracked);
            }
            if (tracked.leaderTaskId() != null) {
                return follow(tracked);
            }
            if (tracked.apiKey() == null && tracked.keyStored()) {
                return foreignSecret(tracked);
            }
            if (tracked.apiKey() == null) {
                return tasks.fail(taskId, "INTERNAL", "The gateway lost what it needed to follow this task.")
                        .replaceWith(Outcome.STOP);
            }
            if (tracked.upstreamTaskId() != null) {
                return poll(tracked);
            }
            if (tracked.attemptStartedAt() != null) {
                return attemptUnderWay(tracked);
            }
            // Only a replica that knows it holds the lease submits: without Redis, another may hold it.
            return lease == Lease.HELD ? submit(tracked) : KEEP_TRACKING;
        });
    }

    /**
     * The task reached its deadline: one last poll first, where one can be made, since the upstream may have finished
     * it since the last one (and billed it); then it ends UPSTREAM_TIMEOUT unless that poll ended it.
     */
    private Uni<Outcome> lastPoll(TaskService.Tracked tracked) {
        boolean pollable = tracked.leaderTaskId() == null && tracked.apiKey() != null
                && tracked.upstreamTaskId() != null;
        Uni<Boolean> ended = pollable ? upstream.poll(tracked).map(changed -> changed != null && changed.terminal())
                .onFailure().recoverWithItem(false) : Uni.createFrom().item(false);
        return ended.chain(done -> done ? STOP
                : tasks.fail(tracked.id(), "UPSTREAM_TIMEOUT", "The task did not end within "
                        + minutes(config.taskDeadline()) + " of its creation.").replaceWith(Outcome.STOP));
    }

    /**
     * Stored under another GATEWAY_SECRET (a rollout in progress, or a misconfigured replica): left to a replica that
     * can read it for a grace period, then failed, since no replica seems able to.
     */
    private Uni<Outcome> foreignSecret(TaskService.Tracked tracked) {
        if (Instant.now().isBefore(tracked.createdAt().plus(config.foreignSecretGrace()))) {
            if (foreign.add(tracked.id())) {
                LOG.debugf("Task %s was stored under another GATEWAY_SECRET; leaving it to other replicas", tracked.id());
            }
            return STOP;
        }
        LOG.warnf("Task %s was stored under another GATEWAY_SECRET and no replica followed it for %s: failing it",
                tracked.id(), minutes(config.foreignSecretGrace()));
        foreign.remove(tracked.id());
        return tasks.fail(tracked.id(), "INTERNAL", "The gateway cannot follow this task any more (its stored key "
                + "cannot be read). Please start it again.").replaceWith(Outcome.STOP);
    }

    /**
     * A creation call was recorded and its outcome not (yet) learned. Within the longest a call can take, it is
     * under way on some replica: wait. Past it, the replica that made it was lost mid-call: the outcome is unknown.
     */
    private Uni<Outcome> attemptUnderWay(TaskService.Tracked tracked) {
        Duration longestCall = upstreamConfig.requestTimeout().plus(config.leaseTime());
        // With callbacks, the upstream may still name the generation the call made: it is waited for that long.
        Duration wait = callbacks && config.unknownOutcomeWait().compareTo(longestCall) > 0 ? config.unknownOutcomeWait()
                : longestCall;
        if (Instant.now().isBefore(tracked.attemptStartedAt().plus(wait))) {
            return KEEP_TRACKING;
        }
        LOG.warnf("Task %s: a creation call was made and its outcome never learned", tracked.id());
        // Null when the upstream's id reached the task meanwhile: it is polled from now on.
        return upstream.noWordCame(tracked)
                .map(attempt -> Outcome.stopIf(attempt instanceof Attempt.Ended ended && ended.task() != null));
    }

    /**
     * A task sharing another's generation mirrors its leader; it is told of the leader's changes through the
     * feed at once, and checks at its own rhythm all the same, in case a change was missed.
     */
    private Uni<Outcome> follow(TaskService.Tracked follower) {
        watches.computeIfAbsent(follower.id(),
                id -> feed.watch(follower.leaderTaskId(), leader -> pollNow(follower.id())));
        return tasks.find(follower.leaderTaskId())
                .chain(leader -> tasks.mirror(follower.id(), leader))
                .map(changed -> Outcome.stopIf(changed != null && changed.terminal()));
    }

    private Uni<Outcome> submit(TaskService.Tracked tracked) {
        if (Instant.now().isAfter(tracked.createdAt().plus(config.submitDeadline()))) {
            return tasks.fail(tracked.id(), "UPSTREAM_UNAVAILABLE", "The upstream could not be reached to start this "
                    + "task for " + minutes(config.submitDeadline()) + ".").replaceWith(Outcome.STOP);
        }
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
    private Uni<Outcome> poll(TaskService.Tracked tracked) {
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
                .onFailure().recoverWithUni(failure -> pollFailed(tracked, failure))
                .invoke(outcome -> {
                    if (outcome == Outcome.KEEP_TRACKING) {
                        planned.put(tracked.id(), times.plan(tracked.model(), tracked.numImages())
                                .next(Duration.between(tracked.createdAt(), Instant.now()), progress.get(tracked.id())));
                    }
                });
    }

    /** A poll failed: the task is polled again, or ends, as {@link PollFailures} decides. */
    private Uni<Outcome> pollFailed(TaskService.Tracked tracked, Throwable failure) {
        Instant now = Instant.now();
        Instant refused = failure instanceof UnauthenticatedException ? refusedSince.computeIfAbsent(tracked.id(),
                id -> now) : null;
        PollFailures.Ending ending = PollFailures.decide(failure, now, tracked.acceptedAround(), tracked.statusKnownAt(),
                refused, PollFailures.Graces.of(config));
        if (ending != null) {
            return tasks.fail(tracked.id(), ending.code(), ending.message()).replaceWith(Outcome.STOP);
        }
        LOG.debugf("Status of task %s unknown for now (%s)", tracked.id(), Failures.causeChain(failure));
        return KEEP_TRACKING;
    }

    Duration next(Duration delay) {
        long millis = (long) (delay.toMillis() * config.backoffFactor());
        return Duration.ofMillis(Math.min(millis, config.maxPollInterval().toMillis()));
    }

    /** Up to a fifth less, so that replicas and tasks started together do not call the upstream in step. */
    private static Duration jitter(Duration delay) {
        return delay.minusMillis(ThreadLocalRandom.current().nextLong(delay.toMillis() / 5 + 1));
    }

    static String minutes(Duration duration) {
        return duration.toSeconds() >= 60 ? duration.toMinutes() + " minutes" : duration.toSeconds() + " seconds";
    }
}
