package one.apiin.gateway.cache;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.cache")
public interface CacheConfig {

    enum Scope {
        /** One key never learns what another generated. */
        OWNER,
        /** Every caller shares results: for a deployment whose clients all belong to one organisation. */
        SHARED
    }

    /**
     * With scope shared and pass-through keys: the operator knows that a cache hit never asks the upstream, so any
     * aio_ string, valid or not, reads what others generated. Unset: such a start is refused.
     */
    @WithDefault("false")
    boolean sharedWithPassThrough();

    /** Who shares cached results and generations in flight. */
    @WithDefault("owner")
    Scope scope();

    /** How long a result stays cached; keep it below the life of the upstream's image URLs. */
    @WithDefault("24h")
    Duration resultTtl();

    /** Longest life of an in-flight marker: one left by a crashed replica stops blocking after it. */
    @WithDefault("10m")
    Duration inflightTtl();

    /** Redis key prefix of the cache and the in-flight markers. */
    @WithDefault("image-gateway")
    String prefix();
}
