package one.apiin.gateway.task.feed;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

import one.apiin.gateway.support.RedisChannels;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.task.TaskChanged;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;

/**
 * Carries task changes to the subscribers of every replica: each change is delivered to this replica's
 * listeners at once and published on a Redis channel that every replica listens to. Listeners see a change
 * twice on the replica that made it; {@link TaskFollower} drops repeats and stale versions.
 */
@ApplicationScoped
public class TaskFeed {

    private static final Logger LOG = Logger.getLogger(TaskFeed.class);

    private final Map<String, Set<Consumer<TaskSnapshot>>> listeners = new ConcurrentHashMap<>();
    /** The gateway's own listeners (a follower task watching its leader): not subscriptions. */
    private final Map<String, Set<Consumer<TaskSnapshot>>> watchers = new ConcurrentHashMap<>();
    private final ReactivePubSubCommands<String> pubsub;
    private final ObjectMapper mapper;
    private final FeedConfig config;
    private final TaskService tasks;
    private final Vertx vertx;
    private final AtomicBoolean redisDown = new AtomicBoolean();
    private volatile Cancellable subscription;

    public TaskFeed(ReactiveRedisDataSource redis, ObjectMapper mapper, FeedConfig config, TaskService tasks,
            Vertx vertx) {
        this.pubsub = redis.pubsub(String.class);
        this.mapper = mapper;
        this.config = config;
        this.tasks = tasks;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        subscription = RedisChannels.listen(pubsub, config.channel(), this::received);
    }

    void stop(@Observes ShutdownEvent event) {
        Cancellable current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    /** The current state, then every change until the task ends; fails with {@code whenMissing} if not the owner's. */
    public Multi<TaskSnapshot> follow(String id, String ownerHash, RuntimeException whenMissing) {
        return TaskFollower.follow(this, id, () -> SafeContext.run(vertx, () -> tasks.findOwned(id, ownerHash)),
                whenMissing, vertx, config.resyncInterval());
    }

    void changed(@Observes TaskChanged event) {
        publish(event.task());
    }

    /** Tells every replica's subscribers of a change. */
    private void publish(TaskSnapshot snapshot) {
        dispatch(snapshot);
        String json;
        try {
            json = mapper.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A task change cannot be written", e);
        }
        pubsub.publish(config.channel(), json).subscribe().with(
                ignored -> {
                    if (redisDown.compareAndSet(true, false)) {
                        LOG.info("Task changes reach Redis again");
                    }
                },
                failure -> {
                    if (redisDown.compareAndSet(false, true)) {
                        LOG.warnf("Task changes cannot reach Redis (%s): only this replica's subscribers are told",
                                failure.getClass().getSimpleName());
                    }
                });
    }

    /** Listens to one task's changes on this replica for a subscription; the returned action stops it. */
    public Runnable listen(String taskId, Consumer<TaskSnapshot> listener) {
        return add(listeners, taskId, listener);
    }

    /** Like {@link #listen}, for the gateway's own use: not counted as a subscription. */
    public Runnable watch(String taskId, Consumer<TaskSnapshot> listener) {
        return add(watchers, taskId, listener);
    }

    private static Runnable add(Map<String, Set<Consumer<TaskSnapshot>>> map, String taskId,
            Consumer<TaskSnapshot> listener) {
        map.computeIfAbsent(taskId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> map.computeIfPresent(taskId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Listeners open on this replica: one per live subscription. */
    public int openListeners() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }

    private void received(String json) {
        try {
            dispatch(mapper.readValue(json, TaskSnapshot.class));
        } catch (JsonProcessingException e) {
            LOG.warn("Ignoring an unreadable task change from Redis");
        }
    }

    private void dispatch(TaskSnapshot snapshot) {
        for (Map<String, Set<Consumer<TaskSnapshot>>> map : List.of(listeners, watchers)) {
            Set<Consumer<TaskSnapshot>> forTask = map.get(snapshot.id());
            if (forTask != null) {
                forTask.forEach(listener -> listener.accept(snapshot));
            }
        }
    }
}
