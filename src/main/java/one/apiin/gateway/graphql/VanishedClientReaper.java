package one.apiin.gateway.graphql;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The GraphQL websocket server pings clients but never checks the pong (smallrye-graphql issue 2072), so a
 * client that vanished without closing would hold its subscriptions forever. Closing connections that have been
 * silent for longer than a few ping intervals releases them: the subscriptions end and their listeners go.
 */
@ApplicationScoped
public class VanishedClientReaper implements HttpServerOptionsCustomizer {

    private final WebsocketConfig config;

    public VanishedClientReaper(WebsocketConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        TimeUnit unit = options.getIdleTimeoutUnit();
        options.setReadIdleTimeout((int) unit.convert(config.readIdleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
}
