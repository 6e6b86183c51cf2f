package one.apiin.gateway.graphql.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Answers the transport gives itself, before or instead of an execution: one error with its contract code. */
final class Answers {

    private Answers() {
    }

    static String error(String code, String message) {
        JsonObject error = new JsonObject().put("message", message).put("extensions", new JsonObject().put("code", code));
        return new JsonObject().put("errors", new JsonArray().add(error)).encode();
    }

    /** An error answer in the negotiated type (JSON for event streams: nothing is streamed yet), never cached. */
    static void refuse(HttpServerResponse response, MediaType media, int status, String code, String message) {
        MediaType type = media == null || media == MediaType.EVENT_STREAM ? MediaType.JSON : media;
        response.setStatusCode(status).putHeader("Content-Type", type.contentType())
                .putHeader("Cache-Control", "no-store").end(error(code, message));
    }

    /**
     * The status of a GraphQL answer: under application/graphql-response+json, a request error (no data: the document
     * does not parse or validate, variables cannot be coerced, a hash is unknown) is 400; JSON answers are 200.
     */
    static int status(MediaType media, boolean dataPresent) {
        return media == MediaType.GRAPHQL_RESPONSE_JSON && !dataPresent ? 400 : 200;
    }
}
