package one.apiin.gateway.task.feed;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import one.apiin.gateway.support.OutageLog;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.support.Sink;
import one.apiin.gateway.task.TaskChanged;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;

/**
 * Carries task changes to the subscribers of every replica. Each change is published on its task's own Redis channel
 * ({@link TaskChannels}); a replica listens only to the channels of the tasks its subscribers (or its own trackers)
 * follow. Subscribers of one task on one replica share one {@link TaskFollower}: one database read when it starts and
 * one per re-read interval, whatever their number, and nothing per subscription.
 */
@ApplicationScoped
public class TaskFeed {

    private static final Logger LOG = Logger.getLogger(TaskFeed.class);

    private final Map<String, TaskFollower> followers = new ConcurrentHashMap<>();
    /** The gateway's own listeners (a follower task watching its leader): not subscriptions. */
    private final Map<String, Set<Consumer<TaskSnapshot>>> watchers = new ConcurrentHashMap<>();
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;
    private final FeedConfig config;
    private final TaskService tasks;
    private final Vertx vertx;
    private final TaskChannels channels;
    private final Publications publications;

    public TaskFeed(ReactiveRedisDataSource redis, ObjectMapper mapper, FeedConfig config, TaskService tasks,
            Vertx vertx) {
        this.redis = redis;
        this.mapper = mapper;
        this.config = config;
        this.tasks = tasks;
        this.vertx = vertx;
        this.channels = new TaskChannels(redis.getRedis(), config.channel(), (taskId, json) -> received(json));
        this.publications = new Publications(redis.getRedis());
    }

    void start(@Observes StartupEvent event) {
        channels.start();
    }

    void stop(@Observes ShutdownEvent event) {
        channels.close();
        publications.close();
    }

    /** The current state, then every change until the task ends; fails with {@code whenMissing} if not the owner's. */
    public Multi<TaskSnapshot> follow(String id, String ownerHash, RuntimeException whenMissing) {
        return Sink.<TaskSnapshot> multi(emitter -> {
            TaskFollower.Subscription subscription = new TaskFollower.Subscription(emitter, ownerHash, whenMissing);
            emitter.onTermination(() -> release(subscription));
            while (true) {
                TaskFollower follower = followers.computeIfAbsent(id, this::start);
                if (follower.add(subscription)) {
                    return;
                }
                // That follower closed meanwhile (its last subscription left): a new one takes its place.
                followers.remove(id, follower);
            }
        });
    }

    /** A subscription ended (the task ended, the client left): the last one out stops the task's follower. */
    private void release(TaskFollower.Subscription subscription) {
        TaskFollower follower = subscription.follower;
        if (follower != null && follower.removeAndCloseIfEmpty(subscription)) {
            followers.remove(follower.taskId, follower);
            stop(follower);
        }
    }

    /** A new follower listens (its channel, this replica's changes) before its first read, then re-reads. */
    private TaskFollower start(String taskId) {
        TaskFollower follower = new TaskFollower(taskId);
        channels.join(taskId);
        read(follower);
        // Redis pub/sub delivers at most once: a change lost on the way (a reconnect) still arrives, late, through
        // the re-read, and so does the completion. One read per task, not per subscription.
        follower.resyncTimer = vertx.setPeriodic(config.resyncInterval().toMillis(), timer -> read(follower));
        return follower;
    }

    private void stop(TaskFollower follower) {
        vertx.cancelTimer(follower.resyncTimer);
        channels.leave(follower.taskId);
    }

    private void read(TaskFollower follower) {
        SafeContext.run(vertx, () -> tasks.find(follower.taskId)).subscribe().with(follower::read, failure -> {
            // Tried again soon, not at the next re-read: the subscribers wait for their first state.
            LOG.debugf("Reading task %s failed (%s); trying again", follower.taskId, failure.getClass().getSimpleName());
            if (followers.get(follower.taskId) == follower) {
                vertx.setTimer(READ_RETRY.toMillis(), timer -> read(follower));
            }
        });
    }

    private static final java.time.Duration READ_RETRY = java.time.Duration.ofMillis(250);
    private static final java.time.Duration PUBLISH_BACKOFF = java.time.Duration.ofMillis(20);
    private static final java.time.Duration PUBLISH_MAX_BACKOFF = java.time.Duration.ofSeconds(1);
    private static final java.time.Duration RECOVERED_AFTER = java.time.Duration.ofSeconds(30);
    private final OutageLog publicationOutages = new OutageLog(RECOVERED_AFTER);

    void changed(@Observes TaskChanged event) {
        publish(event.task());
    }

    /** Tells this replica's followers of a change, and every other replica listening to the task. */
    private void publish(TaskSnapshot snapshot) {
        dispatch(snapshot);
        String json;
        try {
            json = mapper.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A task change cannot be written", e);
        }
        String channel = channels.channelOf(snapshot.id());
        Uni.createFrom().deferred(() -> publications.publish(channel, json))
                .onFailure().invoke(this::publicationFailed)
                .onFailure().retry().withBackOff(PUBLISH_BACKOFF, PUBLISH_MAX_BACKOFF)
                .expireIn(config.publishRetryFor().toMillis())
                .subscribe().with(ignored -> publicationMade(),
                        failure -> LOG.debugf("Change %d of task %s not published (%s); the other replicas' re-reads"
                                + " bring it", snapshot.version(), snapshot.id(), failure.getClass().getSimpleName()));
    }

    /**
     * One line per outage, not one per publication: a pool that overflows now and then under a burst is one outage
     * until publications have gone through for {@link #RECOVERED_AFTER} without a refusal.
     */
    private void publicationFailed(Throwable failure) {
        if (publicationOutages.failed()) {
            LOG.warnf("Task changes cannot reach Redis (%s): each is tried again for %s; this replica's own "
                    + "subscribers are told meanwhile", failure.getClass().getSimpleName(), config.publishRetryFor());
        }
    }

    private void publicationMade() {
        if (publicationOutages.succeeded()) {
            LOG.info("Task changes reach Redis again");
        }
    }

    /** Listens to a task's changes for the gateway's own use (not a subscription); the returned action stops it. */
    public Runnable watch(String taskId, Consumer<TaskSnapshot> listener) {
        watchers.computeIfAbsent(taskId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        channels.join(taskId);
        return () -> {
            watchers.computeIfPresent(taskId, (id, set) -> {
                set.remove(listener);
                return set.isEmpty() ? null : set;
            });
            channels.leave(taskId);
        };
    }

    /** Subscriptions open on this replica. */
    public int openListeners() {
        return followers.values().stream().mapToInt(TaskFollower::size).sum();
    }

    /** Tasks this replica's subscriptions follow (one follower, one channel each). */
    public int followedTasks() {
        return followers.size();
    }

    private void received(String json) {
        try {
            dispatch(mapper.readValue(json, TaskSnapshot.class));
        } catch (JsonProcessingException e) {
            LOG.warn("Ignoring an unreadable task change from Redis");
        }
    }

    private void dispatch(TaskSnapshot snapshot) {
        TaskFollower follower = followers.get(snapshot.id());
        if (follower != null) {
            follower.changed(snapshot);
        }
        Set<Consumer<TaskSnapshot>> forTask = watchers.get(snapshot.id());
        if (forTask != null) {
            forTask.forEach(listener -> listener.accept(snapshot));
        }
    }
}
