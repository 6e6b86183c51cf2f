package one.apiin.gateway.cache;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import one.apiin.gateway.support.RedisAvailability;
import one.apiin.gateway.support.RedisConfig;
import one.apiin.gateway.task.tracking.TrackingConfig;

/**
 * The deterministic result cache and the in-flight markers, in Redis, under
 * {@code <prefix>:result:<scope>:<fingerprint>} and {@code <prefix>:inflight:<scope>:<fingerprint>}. Every call
 * degrades to "nothing cached, nothing in flight" when Redis fails or is slow, so requests never wait on it.
 */
@ApplicationScoped
public class ResultCache {

    private static final Logger LOG = Logger.getLogger(ResultCache.class);
    /** Claims the marker for a task, or returns the task that holds it. */
    private static final String CLAIM = """
            local holder = redis.call('get', KEYS[1])
            if holder then return holder end
            redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return false""";
    /**
     * Takes the marker over from a holder found stale, atomically: of several requests that found the same stale
     * holder, exactly one gets the marker; the others get the new holder.
     */
    private static final String REPLACE = """
            local holder = redis.call('get', KEYS[1])
            if holder and holder ~= ARGV[1] and string.sub(holder, 1, string.len(ARGV[1]) + 1) ~= ARGV[1] .. '|' then
              return holder
            end
            redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return false""";
    /** Markers hold "taskId|claimedAtMillis"; only the claiming task may clear its marker. */
    private static final String RELEASE = """
            local holder = redis.call('get', KEYS[1])
            if holder and string.sub(holder, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then
              return redis.call('del', KEYS[1])
            end
            return 0""";

    private final ReactiveRedisDataSource redis;
    private final CacheConfig config;
    private final ObjectMapper mapper;
    private final RedisAvailability availability;
    private final RedisConfig redisConfig;
    private final Duration markerLife;

    public ResultCache(ReactiveRedisDataSource redis, CacheConfig config, ObjectMapper mapper,
            RedisAvailability availability, RedisConfig redisConfig, TrackingConfig tracking) {
        this.redisConfig = redisConfig;
        this.markerLife = markerLife(config.inflightTtl(), tracking.taskDeadline());
        this.redis = redis;
        this.config = config;
        this.mapper = mapper;
        this.availability = availability;
    }

    /** The cached result, or null (also when Redis cannot be asked). */
    public Uni<CachedResult> lookup(CacheKey key) {
        return guarded("lookup", () -> redis.execute("GET", resultKey(key)), null).map(this::read);
    }

    /** Caches a result for {@code ttl}. */
    public Uni<Void> store(CacheKey key, CachedResult result, Duration ttl) {
        String json;
        try {
            json = mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return guarded("store", () -> redis.execute("SET", resultKey(key), json, "PX",
                Long.toString(ttl.toMillis())), null).replaceWithVoid();
    }

    /**
     * Marks a generation for this fingerprint as in flight under {@code taskId}. Completes with the generation
     * that already holds the marker, or with null when the caller is to generate: it now holds the marker, or Redis
     * cannot tell (then it generates on its own, unshared).
     */
    public Uni<InFlight> claim(CacheKey key, String taskId) {
        return patient(() -> redis.execute("EVAL", CLAIM, "1", inflightKey(key),
                taskId + "|" + System.currentTimeMillis(), Long.toString(markerLife.toMillis())), taskId);
    }

    /**
     * A marker decision, which is worth waiting for: a request that gave up on a slow Redis would generate on its own
     * and pay again. One call waits up to {@link RedisConfig#markerWait()} (not the calls' usual timeout): calls made
     * again at each timeout piled up on the pool's connections while Redis stalled, each behind the others, until
     * requests gave up and paid again. A marker found holding {@code taskId} itself is this request's own claim. Only a
     * Redis that cannot be reached, or stays silent through the whole wait, leaves the request unshared.
     */
    private Uni<InFlight> patient(Supplier<Uni<? extends Response>> script, String taskId) {
        return availability.watched("marker", redisConfig.markerWait(), Uni.createFrom().<Response> deferred(script))
                .map(holder -> {
                    InFlight found = holder == null ? null : InFlight.parse(holder.toString());
                    return found == null || found.taskId().equals(taskId) ? null : found;
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Task %s: no marker decision from Redis (%s); it generates unshared", taskId,
                            failure.getClass().getSimpleName());
                    return null;
                });
    }

    /**
     * Takes the marker from {@code staleTaskId} (whose task is gone or failed) for {@code taskId}. Completes with null
     * when {@code taskId} now holds it (or Redis cannot tell: it then generates unshared), or with the generation that
     * took it first.
     */
    public Uni<InFlight> replace(CacheKey key, String staleTaskId, String taskId) {
        return patient(() -> redis.execute("EVAL", REPLACE, "1", inflightKey(key), staleTaskId,
                taskId + "|" + System.currentTimeMillis(), Long.toString(markerLife.toMillis())), taskId);
    }

    /**
     * How long an in-flight marker lives: as long as its task may (the task deadline, and a minute for the tracker to
     * notice), so that an identical request never pays again for a generation still running; a marker of a task that
     * failed or vanished is taken over before that (see {@link #replace}), so the expiry is only the last resort.
     */
    static Duration markerLife(Duration inflightTtl, Duration taskDeadline) {
        Duration taskLife = taskDeadline.plus(Duration.ofMinutes(1));
        return inflightTtl.compareTo(taskLife) >= 0 ? inflightTtl : taskLife;
    }

    /** The task generating a fingerprint now. Markers hold "taskId|claimedAtMillis"; the time is for diagnosis. */
    public record InFlight(String taskId) {
        static InFlight parse(String value) {
            int bar = value.lastIndexOf('|');
            boolean stamped = bar >= 0 && bar < value.length() - 1
                    && value.substring(bar + 1).chars().allMatch(Character::isDigit);
            return new InFlight(stamped ? value.substring(0, bar) : value);
        }
    }

    /** Clears the in-flight marker if {@code taskId} holds it. */
    public Uni<Void> release(CacheKey key, String taskId) {
        return guarded("release", () -> redis.execute("EVAL", RELEASE, "1", inflightKey(key), taskId), null)
                .replaceWithVoid();
    }

    private <T> Uni<T> guarded(String name, Supplier<Uni<? extends T>> call, T whenUnavailable) {
        return availability.watched(name, redisConfig.timeout(), Uni.createFrom().<T> deferred(call))
                .onFailure().recoverWithItem(whenUnavailable);
    }

    private CachedResult read(Response response) {
        if (response == null) {
            return null;
        }
        try {
            return mapper.readValue(response.toString(), CachedResult.class);
        } catch (JsonProcessingException e) {
            LOG.warn("Ignoring an unreadable result cache entry");
            return null;
        }
    }

    private String resultKey(CacheKey key) {
        return config.prefix() + ":result:" + key.scope() + ":" + key.fingerprint();
    }

    private String inflightKey(CacheKey key) {
        return config.prefix() + ":inflight:" + key.scope() + ":" + key.fingerprint();
    }
}
