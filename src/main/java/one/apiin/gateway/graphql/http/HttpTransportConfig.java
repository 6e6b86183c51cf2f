package one.apiin.gateway.graphql.http;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** GraphQL over plain HTTP: what caches may keep, and how server-sent event streams stay open. */
@ConfigMapping(prefix = "gateway.http")
public interface HttpTransportConfig {

    /** How long browsers and CDNs may keep a caller-independent GET answer (models, the schema): Cache-Control max-age. */
    @WithDefault("60s")
    Duration publicMaxAge();

    /** Interval of the keep-alive comments on server-sent event streams (proxies close streams that stay silent). */
    @WithDefault("15s")
    Duration sseKeepAlive();
}
