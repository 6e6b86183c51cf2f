package one.apiin.gateway.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;

/**
 * Whether Redis answered the last request-path call. Without it requests still work, uncached and uncoalesced:
 * the gateway says so once in its log, in its readiness details and in the {@code gateway.redis.available}
 * gauge, and says so again once it recovers.
 */
@ApplicationScoped
public class RedisAvailability {

    private static final Logger LOG = Logger.getLogger(RedisAvailability.class);

    private final AtomicBoolean available = new AtomicBoolean(true);
    /** An outage lasts until Redis has answered this long without failing. */
    static final Duration SETTLE = Duration.ofSeconds(10);
    private final OutageLog outages = new OutageLog(SETTLE);
    /** Failed calls by what was asked and why it failed: a few fixed names each. */
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Gauge gauge;

    /**
     * The injected registry outlives an application restart (tests, dev mode): a gauge left behind would read this
     * instance's state in the next one, which then could not register its own.
     */
    @PreDestroy
    void unregister() {
        registry.remove(gauge);
    }

    public RedisAvailability(MeterRegistry registry) {
        this.registry = registry;
        this.gauge = Gauge.builder("gateway.redis.available", available, up -> up.get() ? 1 : 0)
                .description("1 while Redis answers, 0 while requests go uncached").register(registry);
    }

    public void succeeded() {
        // Read before written: every Redis call of the hot path lands here, and a write each time would make the
        // flag's cache line travel between the cores for nothing while Redis answers.
        if (!available.get()) {
            available.set(true);
        }
        if (outages.succeeded()) {
            LOG.infof("Redis answers again: result cache and in-flight sharing are back (%d calls failed meanwhile)",
                    outages.failures());
        }
    }

    /**
     * A request-path call failed: the gauge says so at once, the log once per outage (a slow Redis fails some calls
     * and answers others, many times a second: see {@link OutageLog}), the counter each time, under the call's name
     * ({@code lookup}, {@code marker}, ...) and the reason ({@code timeout}: no answer within its wait, {@code pool}:
     * the connection pool's queue was full, {@code error}: refused or broken), so that an operator tells a Redis that
     * is away from a replica too busy to hear it in time.
     */
    public void failed(String call, Throwable failure) {
        String reason = reason(failure);
        failures.computeIfAbsent(call + '|' + reason, ignored -> Counter.builder("gateway.redis.failures")
                .description("Request-path Redis calls that failed or timed out").tag("call", call)
                .tag("reason", reason).register(registry)).increment();
        available.set(false);
        if (outages.failed()) {
            LOG.warnf("Redis is unavailable (%s): requests go on uncached and unshared until it returns;"
                    + " failed calls are counted in gateway_redis_failures_total", failure.getClass().getSimpleName());
        } else {
            LOG.debugf("Redis call failed during an outage (%s, %s)", call, failure.getClass().getSimpleName());
        }
    }

    /**
     * A request-path Redis call, bounded by {@code wait} ({@link RedisWait}): its answer says Redis is available, its
     * failure is counted under {@code call} (see {@link #failed}) and passed on, for the caller to fall back.
     */
    public <T> Uni<T> watched(String call, Duration wait, Uni<T> redisCall) {
        return RedisWait.within(wait, redisCall).invoke(ignored -> succeeded())
                .onFailure().invoke(failure -> failed(call, failure));
    }

    static String reason(Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof java.util.concurrent.TimeoutException) {
            return "timeout";
        }
        return failure instanceof ConnectionPoolTooBusyException ? "pool" : "error";
    }

    public boolean available() {
        return available.get();
    }
}
