package one.apiin.gateway.graphql;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.websocket")
public interface WebsocketConfig {

    /**
     * A connection from which nothing was read for this long is closed. Live websocket clients answer the
     * server's pings (every 10 s), so only vanished ones stay silent; keep it well above the ping interval.
     */
    @WithDefault("35s")
    Duration readIdleTimeout();
}
