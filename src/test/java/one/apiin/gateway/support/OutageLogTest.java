package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.ConnectionPoolTooBusyException;

/**
 * One log line when an outage starts and one when it is over (issue 20, item 3): a slow Redis fails some calls and
 * answers others, and the gateway logged a warning at every turn (43 in the bench's 20,000-UI phase).
 */
class OutageLogTest {

    static final long SETTLE_MILLIS = 10_000;

    /** The time the log reads, set by the test: milliseconds here, nanoseconds to the log. */
    private long nowMillis;

    private OutageLog log() {
        return new OutageLog(Duration.ofMillis(SETTLE_MILLIS), () -> TimeUnit.MILLISECONDS.toNanos(nowMillis));
    }

    private boolean failedAt(OutageLog log, long millis) {
        nowMillis = millis;
        return log.failed();
    }

    private boolean succeededAt(OutageLog log, long millis) {
        nowMillis = millis;
        return log.succeeded();
    }

    @Test
    void aDependencyFailingAndAnsweringInTurnsIsOneOutage() {
        OutageLog log = log();
        int starts = 0;
        int ends = 0;
        for (long now = 0; now < 5_000; now += 50) {
            starts += failedAt(log, now) ? 1 : 0;
            ends += succeededAt(log, now + 25) ? 1 : 0;
        }
        assertThat(starts).isEqualTo(1);
        assertThat(ends).isZero();
        assertThat(log.open()).isTrue();
        assertThat(log.failures()).isEqualTo(100);
    }

    @Test
    void anOutageEndsOnceTheDependencyAnsweredLongEnoughWithoutFailing() {
        OutageLog log = log();
        assertThat(failedAt(log, 1_000)).isTrue();
        assertThat(succeededAt(log, 1_000 + SETTLE_MILLIS - 1)).isFalse();
        assertThat(succeededAt(log, 1_000 + SETTLE_MILLIS)).isTrue();
        assertThat(succeededAt(log, 1_000 + SETTLE_MILLIS + 1)).isFalse();
        assertThat(log.open()).isFalse();
        // The next failure is a new outage, said again.
        assertThat(failedAt(log, 20_000)).isTrue();
        assertThat(log.failures()).isEqualTo(1);
    }

    @Test
    void redisFailingAndAnsweringInTurnsIsWarnedOnceAndTheGaugeFollowsEachTurn() {
        try (LogLines warnings = LogLines.atLeast(RedisAvailability.class.getName(), Level.WARNING)) {
            RedisAvailability availability = new RedisAvailability(new SimpleMeterRegistry());
            for (int i = 0; i < 40; i++) {
                availability.failed("lookup", new io.smallrye.mutiny.TimeoutException());
                assertThat(availability.available()).isFalse();
                availability.succeeded();
                assertThat(availability.available()).isTrue();
            }
            assertThat(warnings.records()).hasSize(1);
        }
    }

    @Test
    void failedCallsAreCountedByCallAndReasonSoThatABusyReplicaIsToldFromARedisAway() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisAvailability availability = new RedisAvailability(registry);
        availability.failed("lookup", new io.smallrye.mutiny.TimeoutException());
        availability.failed("lookup", new io.smallrye.mutiny.TimeoutException());
        availability.failed("store", new ConnectionPoolTooBusyException("Connection pool reached max wait queue size"));
        availability.failed("marker", new java.net.ConnectException("Connection refused"));

        assertThat(registry.get("gateway.redis.failures").tags("call", "lookup", "reason", "timeout").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("gateway.redis.failures").tags("call", "store", "reason", "pool").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("gateway.redis.failures").tags("call", "marker", "reason", "error").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("gateway.redis.failures").counters()).hasSize(3);
    }
}
