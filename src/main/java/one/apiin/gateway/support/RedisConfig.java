package one.apiin.gateway.support;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.redis")
public interface RedisConfig {

    /**
     * Longest wait for one Redis call (cache, in-flight marker, tracking lease): past it Redis counts as away, and
     * the request goes on uncached.
     */
    @WithDefault("500ms")
    Duration timeout();

    /**
     * Longest wait for Redis's decision on an in-flight marker (claim or takeover) before the request generates on
     * its own, unshared. Longer than {@link #timeout()}: a slow Redis answers late, and a request that gave up on it
     * would pay for a second generation. One call waits it out: calls made again while Redis stalls would each hold
     * a pooled connection and queue behind one another.
     */
    @WithDefault("5s")
    Duration markerWait();
}
