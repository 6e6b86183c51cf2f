package one.apiin.gateway.task.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import one.apiin.gateway.support.RedisConfig;
import one.apiin.gateway.support.RedisWait;

/**
 * Which replica follows which task: a Redis lease per task (set-if-absent with expiry, renewed while tracking,
 * released with compare-and-delete), so that the upstream is polled once per task however many replicas run.
 * A replica that dies stops renewing; its leases expire and another replica takes the tasks over.
 */
@ApplicationScoped
class TaskLeases {

    private static final Logger LOG = Logger.getLogger(TaskLeases.class);
    private static final String RENEW = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              return redis.call('pexpire', KEYS[1], ARGV[2])
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              return redis.call('del', KEYS[1])
            end
            return 0""";

    private final ReactiveRedisDataSource redis;
    private final TrackingConfig config;
    private final RedisConfig redisConfig;
    private final Vertx vertx;
    private final String replica = UUID.randomUUID().toString();

    TaskLeases(ReactiveRedisDataSource redis, TrackingConfig config, RedisConfig redisConfig, Vertx vertx) {
        this.vertx = vertx;
        this.redisConfig = redisConfig;
        this.redis = redis;
        this.config = config;
    }

    /** Takes the lease if nobody holds it. */
    Uni<Boolean> acquire(String taskId) {
        return RedisWait.within(redisConfig.timeout(), redis.execute("SET", key(taskId), replica, "NX", "PX", ttl()))
                .map(response -> response != null && "OK".equals(response.toString()));
    }

    /** Keeps the lease if this replica holds it, else takes it if it is free. */
    Uni<Boolean> holdOrTake(String taskId) {
        return script(RENEW, taskId, ttl()).chain(renewed -> renewed ? Uni.createFrom().item(true) : acquire(taskId));
    }

    /**
     * Runs {@code work} with this replica's lease on the task renewed (or taken) every third of the lease time, so
     * that no scan takes the task over while the work, a creation call, is under way.
     */
    <T> Uni<T> whileHeld(String taskId, Uni<T> work) {
        long period = Math.max(1, config.leaseTime().toMillis() / 3);
        return Uni.createFrom().item(() -> vertx.setPeriodic(period, id -> holdOrTake(taskId).subscribe().with(
                held -> {
                }, failure -> LOG.debugf("Lease of %s not renewed (%s)", taskId, failure.getClass().getSimpleName()))))
                // Also when the work is cancelled (a tick that timed out): a renewal must never outlive its work.
                .chain(timer -> work.onTermination().invoke(() -> vertx.cancelTimer(timer)));
    }

    Uni<Void> release(String taskId) {
        return script(RELEASE, taskId).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("Lease of %s not released (%s); it will expire", taskId,
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    private Uni<Boolean> script(String script, String taskId, String... args) {
        List<String> command = new ArrayList<>(List.of(script, "1", key(taskId), replica));
        command.addAll(List.of(args));
        return RedisWait.within(redisConfig.timeout(), redis.execute("EVAL", command.toArray(String[]::new)))
                .map(response -> response != null && response.toLong() == 1L);
    }

    private String ttl() {
        return Long.toString(config.leaseTime().toMillis());
    }

    private String key(String taskId) {
        return config.leasePrefix() + taskId;
    }

}
