package one.apiin.gateway.quota;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.rate-limit")
public interface RateLimitConfig {

    /**
     * {@code generateImage} requests per owner in any 60 seconds, cache hits included
     * ({@code GATEWAY_RATE_LIMIT_PER_MINUTE}); unset: no limit.
     */
    Optional<Integer> perMinute();

    /** Tasks per owner not yet ended ({@code GATEWAY_RATE_LIMIT_CONCURRENT_TASKS}); unset: no limit. */
    Optional<Integer> concurrentTasks();

    /** Redis key prefix of the rate-limit counters. */
    @WithDefault("image-gateway:rate:")
    String prefix();

    /**
     * Longest a task counts against the concurrency limit if its end is never seen (a replica lost as it ended):
     * keep it at or above the task deadline.
     */
    @WithDefault("31m")
    Duration taskSlotTtl();
}
