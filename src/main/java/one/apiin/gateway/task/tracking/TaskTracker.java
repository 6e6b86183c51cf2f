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
import one.apiin.gateway.support.RedisChannels;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.task.PageCursor;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.feed.FeedConfig;
import one.apiin.gateway.task.tracking.TaskTick.Outcome;

/**
 * Follows unfinished tasks until they end, one replica per task (see {@link TaskLeases}): the timers, the scan for
 * untracked tasks and their adoption, and the hand-over at shutdown. Each tick renews the lease, then does what
 * {@link TickDecision} decides ({@link TaskTick}): submits a task the upstream has not accepted yet, polls its status,
 * mirrors the generation it shares, or ends it. Nothing but the
 * timer lives in memory: at start and every scan interval, a replica picks up unfinished tasks that nobody
 * tracks, so restarts and crashes lose nothing.
 */
@ApplicationScoped
class TaskTracker {

    private static final Logger LOG = Logger.getLogger(TaskTracker.class);

    private static final Uni<Outcome> STOP = Uni.createFrom().item(Outcome.STOP);

    private final TaskService tasks;
    private final TaskTick ticks;
    private final TaskLeases leases;
    private final TrackingConfig config;
    private final Vertx vertx;
    private final Set<String> tracking = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Long> timers = new ConcurrentHashMap<>();
    private final AtomicBoolean scanning = new AtomicBoolean();
    private volatile long scanTimer = -1;
    /** Set when the replica begins to shut down: it then hands its tasks over and takes none. */
    private volatile boolean stopping;
    private final ReactivePubSubCommands<String> pubsub;
    /** Task ids released by a replica shutting down, for the others to take over at once. */
    private final String handoverChannel;
    private final Counter takenOver;

    TaskTracker(TaskService tasks, TaskTick ticks, TaskLeases leases, TrackingConfig config, Vertx vertx,
            ReactiveRedisDataSource redis, FeedConfig feedConfig, MeterRegistry registry) {
        this.ticks = ticks;
        this.takenOver = Counter.builder("gateway.tasks.taken.over")
                .description("Tasks this replica took over from another (crashed, stopped, or lost its lease)")
                .register(registry);
        this.pubsub = redis.pubsub(String.class);
        this.handoverChannel = feedConfig.channel() + ":handover";
        this.tasks = tasks;
        this.leases = leases;
        this.config = config;
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
        ticks.forget(taskId);
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
                    Duration plan = ticks.takePlanned(taskId);
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
        ticks.forget(taskId);
        leases.release(taskId).subscribe().with(ignored -> {
        });
    }

    /** One tick: renew (or take) the lease, then read, decide and act ({@link TaskTick}), within the tick timeout. */
    Uni<Outcome> tick(String taskId) {
        return leases.holdOrTake(taskId)
                .map(held -> held ? Boolean.TRUE : null)
                // Redis cannot be asked: the replica may poll what it already follows, and submits nothing.
                .onFailure().recoverWithItem(Boolean.FALSE)
                .chain(held -> held == null ? STOP
                        : SafeContext.run(vertx, () -> ticks.run(taskId, held, this::pollNow)))
                .ifNoItem().after(config.tickTimeout()).fail();
    }

    Duration next(Duration delay) {
        long millis = (long) (delay.toMillis() * config.backoffFactor());
        return Duration.ofMillis(Math.min(millis, config.maxPollInterval().toMillis()));
    }

    /** Up to a fifth less, so that replicas and tasks started together do not call the upstream in step. */
    private static Duration jitter(Duration delay) {
        return delay.minusMillis(ThreadLocalRandom.current().nextLong(delay.toMillis() / 5 + 1));
    }
}
