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
}
