package one.apiin.gateway.graphql.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import one.apiin.gateway.graphql.guard.LimitsConfig;
import one.apiin.gateway.graphql.guard.RequestGuard;

/**
 * Puts the gateway's GraphQL-over-HTTP handler on {@code /graphql} in front of SmallRye's: GET and POST are served
 * here; websocket upgrades (after their guard) and OPTIONS go on to SmallRye. POST bodies are read up to
 * {@code GATEWAY_LIMITS_BODY_SIZE} (413 beyond).
 */
@ApplicationScoped
class GraphQLHttpRoutes {

    private final GraphQLHttpHandler handler;
    private final LimitsConfig limits;

    GraphQLHttpRoutes(CurrentIdentityAssociation identity, CurrentVertxRequest request, PersistedDocuments persisted,
            RequestGuard guard, HttpTransportConfig config, Vertx vertx, LimitsConfig limits, EventStreams streams) {
        this.handler = new GraphQLHttpHandler(identity, request, persisted, guard, config, vertx, streams);
        this.limits = limits;
    }

    void install(@Observes Router router) {
        router.post("/graphql").order(-100).handler(BodyHandler.create(false).setBodyLimit(limits.bodySize()));
        router.route("/graphql").order(-99).handler(this::route);
    }

    private void route(RoutingContext context) {
        HttpMethod method = context.request().method();
        String upgrade = context.request().getHeader("Upgrade");
        boolean websocket = upgrade != null && "websocket".equalsIgnoreCase(upgrade);
        if (method == HttpMethod.POST || method == HttpMethod.GET && !websocket) {
            handler.handle(context);
        } else {
            context.next();
        }
    }
}
