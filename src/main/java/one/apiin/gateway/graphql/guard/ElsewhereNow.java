package one.apiin.gateway.graphql.guard;

import io.vertx.core.http.HttpServerResponse;

/**
 * The answer of a replica that cannot take a long-lived connection (a websocket, an event stream) now, because it is
 * full or shutting down: 503 with {@code Retry-After: 1} and a sentence, before anything is held, so that the client's
 * retry goes through the Service to a replica that can.
 */
public final class ElsewhereNow {

    private ElsewhereNow() {
    }

    public static void refuse(HttpServerResponse response, String why) {
        response.setStatusCode(503).putHeader("Retry-After", "1").putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(why);
    }
}
