package one.apiin.gateway.task;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.tracking")
public interface TrackingConfig {

    /** Delay before the first status poll after the upstream accepted a task. */
    @WithDefault("1s")
    Duration firstPoll();

    /** Each later poll waits this much longer than the one before ... */
    @WithDefault("1.5")
    double backoffFactor();

    /** ... up to this cap. */
    @WithDefault("5s")
    Duration maxPollInterval();

    /** A task whose upstream status cannot be learned for this long ends FAILED with UPSTREAM_TIMEOUT. */
    @WithDefault("15m")
    Duration statusDeadline();
}
