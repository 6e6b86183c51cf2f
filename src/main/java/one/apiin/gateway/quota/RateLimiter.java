package one.apiin.gateway.quota;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.auth.AuthConfig;
import one.apiin.gateway.auth.AuthMode;
import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.support.RedisAvailability;
import one.apiin.gateway.support.RedisConfig;
import one.apiin.gateway.support.RedisWait;
import one.apiin.gateway.task.TaskEnded;

/**
 * Per-owner rate limits, exact across replicas: each decision is one Lua script in Redis, timed by Redis's own
 * clock. {@code generateImage} requests in any 60 seconds (a sliding log, cache hits included), and tasks not yet
 * ended (a set of task ids, each with an expiry so that a task whose end was never seen frees its slot). Without
 * Redis, per-replica counters take over (readiness says so): limits then hold per replica only.
 */
@ApplicationScoped
public class RateLimiter {

    private static final long WINDOW_MS = 60_000;

    /** Returns {1, 0} when admitted, {0, secondsToWait} when not. ARGV: limit, member. */
    private static final String PER_MINUTE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local limit = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
            if redis.call('ZCARD', KEYS[1]) >= limit then
              local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              if oldest[2] == nil then return {0, 60} end
              return {0, math.max(1, math.ceil((tonumber(oldest[2]) + 60000 - now) / 1000))}
            end
            redis.call('ZADD', KEYS[1], now, ARGV[2])
            redis.call('PEXPIRE', KEYS[1], 60000)
            return {1, 0}""";
    /** Returns 1 when the task takes a slot, 0 when the owner has no slot left. ARGV: limit, task id, slot ttl. */
    private static final String CONCURRENT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1""";

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    private final RedisConfig redisConfig;
    private final RedisAvailability availability;
    private final Map<String, Deque<Long>> localRequests = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> localTasks = new ConcurrentHashMap<>();
    /** Whether tasks may hold slots: a default limit, or gateway keys (which may carry limits of their own). */
    private final boolean slotsTaken;

    RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config, RedisConfig redisConfig,
            RedisAvailability availability, AuthConfig auth) {
        this.slotsTaken = config.concurrentTasks().isPresent() || auth.modes().contains(AuthMode.GATEWAY_KEY);
        this.redis = redis;
        this.config = config;
        this.redisConfig = redisConfig;
        this.availability = availability;
    }

    /** Whether any limit is configured (for readiness). */
    public boolean enabled() {
        return config.perMinute().isPresent() || slotsTaken;
    }

    /** Counts one {@code generateImage} request of the caller; fails RATE_LIMITED past the limit per minute. */
    public Uni<Void> admitRequest(Caller caller) {
        Integer limit = caller.rateLimitPerMinute() != null ? caller.rateLimitPerMinute() : config.perMinute().orElse(null);
        if (limit == null) {
            return Uni.createFrom().voidItem();
        }
        String owner = ApiKeys.ownerKey(caller.owner());
        return decide(() -> redis.execute("EVAL", PER_MINUTE, "1", config.prefix() + owner + ":requests",
                Integer.toString(limit), UUID.randomUUID().toString()).map(RateLimiter::waitSeconds),
                () -> localRequest(owner, limit))
                .chain(wait -> wait == 0 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new RateLimitedException("You sent more than " + limit
                                + " generateImage requests in the last minute: wait " + wait + " s and try again.",
                                wait.intValue())));
    }

    /** Takes one of the caller's slots for tasks not yet ended; fails RATE_LIMITED when none is left. */
    public Uni<Void> admitTask(Caller caller, String taskId) {
        Integer limit = concurrentLimit(caller);
        if (limit == null) {
            return Uni.createFrom().voidItem();
        }
        String owner = ApiKeys.ownerKey(caller.owner());
        return decide(() -> redis.execute("EVAL", CONCURRENT, "1", config.prefix() + owner + ":tasks",
                Integer.toString(limit), taskId, Long.toString(config.taskSlotTtl().toMillis()))
                .map(admitted -> admitted.toLong() == 1 ? 0L : 1L), () -> localTask(owner, taskId, limit))
                .chain(refused -> refused == 0 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new RateLimitedException("You have " + limit
                                + " generations under way, as many as allowed at once: wait for one to end and try again.",
                                1)));
    }

    /** Frees a task's slot (it ended, or it was refused before it went anywhere). */
    public Uni<Void> release(String owner, String taskId) {
        if (!slotsTaken) {
            return Uni.createFrom().voidItem();
        }
        String key = ApiKeys.ownerKey(owner);
        localTasks.computeIfPresent(key, (k, tasks) -> {
            tasks.remove(taskId);
            return tasks.isEmpty() ? null : tasks;
        });
        // In the background of a task's end: it does not tell whether Redis serves requests, so availability is left
        // to the request path.
        return RedisWait.within(redisConfig.timeout(), redis.execute("ZREM", config.prefix() + key + ":tasks", taskId))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    void ended(@Observes TaskEnded ended) {
        if (ended.task().cached()) {
            // A cache hit took no slot: nothing to give back, and no Redis round trip on the hit's path.
            return;
        }
        release(ended.task().ownerHash(), ended.task().id()).subscribe().with(ignored -> {
        }, ignored -> {
        });
    }

    private Integer concurrentLimit(Caller caller) {
        return caller.concurrentTasks() != null ? caller.concurrentTasks() : config.concurrentTasks().orElse(null);
    }

    /**
     * Redis decides; when it cannot, this replica does. A decision waits longer than a cache lookup: a script that
     * timed out may still have counted, so falling back to this replica's counters on a mere slow answer (a loaded
     * Redis) would let one request too many through.
     */
    private Uni<Long> decide(Supplier<Uni<? extends Long>> inRedis, Supplier<Long> locally) {
        Duration wait = redisConfig.timeout().compareTo(DECISION_WAIT) > 0 ? redisConfig.timeout() : DECISION_WAIT;
        return availability.watched("rate-limit", wait, Uni.createFrom().<Long> deferred(inRedis))
                .onFailure().recoverWithItem(failure -> locally.get());
    }

    private static final Duration DECISION_WAIT = Duration.ofSeconds(2);

    private long localRequest(String owner, int limit) {
        Deque<Long> times = localRequests.computeIfAbsent(owner, k -> new ArrayDeque<>());
        synchronized (times) {
            long now = System.currentTimeMillis();
            while (!times.isEmpty() && times.peekFirst() <= now - WINDOW_MS) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return times.isEmpty() ? 60 : Math.max(1, (times.peekFirst() + WINDOW_MS - now + 999) / 1000);
            }
            times.addLast(now);
            return 0;
        }
    }

    private long localTask(String owner, String taskId, int limit) {
        Set<String> tasks = localTasks.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet());
        synchronized (tasks) {
            if (tasks.size() >= limit) {
                return 1;
            }
            tasks.add(taskId);
            return 0;
        }
    }

    private static long waitSeconds(Response answer) {
        return answer.get(0).toLong() == 1 ? 0 : answer.get(1).toLong();
    }
}
