package one.apiin.gateway.graphql;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

import one.apiin.gateway.graphql.guard.LimitsConfig;

/**
 * The GraphQL websocket server pings clients but never checks the pong (smallrye-graphql issue 2072), so a
 * client that vanished without closing would hold its subscriptions forever. Closing connections that have been
 * silent for longer than a few ping intervals releases them: the subscriptions end and their listeners go.
 */
@ApplicationScoped
public class VanishedClientReaper implements HttpServerOptionsCustomizer {

    private final WebsocketConfig config;
    private final LimitsConfig limits;

    public VanishedClientReaper(WebsocketConfig config, LimitsConfig limits) {
        this.config = config;
        this.limits = limits;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        TimeUnit unit = options.getIdleTimeoutUnit();
        options.setReadIdleTimeout((int) unit.convert(config.readIdleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        // An oversized message (or frame) closes the connection before anything reads it.
        options.setMaxWebSocketMessageSize(limits.websocketMessageSize());
        options.setMaxWebSocketFrameSize(Math.min(options.getMaxWebSocketFrameSize(), limits.websocketMessageSize()));
    }
}
