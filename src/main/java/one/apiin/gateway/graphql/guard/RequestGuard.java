package one.apiin.gateway.graphql.guard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import one.apiin.gateway.support.Echo;

import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;

/**
 * Looks at every {@code POST /graphql} before SmallRye GraphQL does, and answers what it would answer without the
 * contract's error shape (or with a server error) itself: a body that is not a JSON object, a missing or non-string
 * query, variables that are not an object, a document too long or that does not parse. Each is BAD_USER_INPUT with
 * a message that says what to fix; nothing runs.
 */
@ApplicationScoped
public class RequestGuard {

    private static final Logger LOG = Logger.getLogger(RequestGuard.class);
    /** Documents known to parse: clients send the same few again and again, so each is parsed here once. */
    private static final int KNOWN_DOCUMENTS = 512;

    private final LimitsConfig limits;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    public RequestGuard(LimitsConfig limits) {
        this.limits = limits;
    }

    void install(@Observes Router router) {
        router.post("/graphql").order(-100).handler(BodyHandler.create(false).setBodyLimit(limits.bodySize()))
                .handler(this::check);
    }

    void check(RoutingContext context) {
        String problem = problem(context);
        if (problem == null) {
            context.next();
            return;
        }
        LOG.debugf("Refused a GraphQL request: %s", problem);
        JsonObject error = new JsonObject().put("message", problem)
                .put("extensions", new JsonObject().put("code", "BAD_USER_INPUT"));
        context.response().setStatusCode(problem.startsWith("The document") ? 200 : 400)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }

    /** What is wrong with the request, or null when SmallRye may have it. */
    private String problem(RoutingContext context) {
        String contentType = context.request().getHeader("Content-Type");
        String body = context.body().asString();
        if (contentType != null && contentType.toLowerCase().startsWith("application/graphql")) {
            return document(body);
        }
        Object json;
        try {
            json = body == null || body.isBlank() ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            return "The request body is not JSON. Send {\"query\": \"…\", \"variables\": {…}} with Content-Type "
                    + "application/json.";
        }
        if (!(json instanceof JsonObject request)) {
            return "The request body must be one JSON object: {\"query\": \"…\", \"variables\": {…}}.";
        }
        Object query = request.getValue("query");
        if (!(query instanceof String text) || text.isBlank()) {
            return "The request has no query: send the GraphQL document as the string \"query\".";
        }
        Object variables = request.getValue("variables");
        if (variables != null && !(variables instanceof JsonObject)) {
            return "variables must be a JSON object mapping each variable's name to its value.";
        }
        Object operationName = request.getValue("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            return "operationName must be a string naming an operation of the document.";
        }
        return document(text);
    }

    private String document(String text) {
        if (text == null || text.isBlank()) {
            return "The document is empty: send a GraphQL query or mutation.";
        }
        if (text.length() > limits.documentSize()) {
            return "The document is " + text.length() + " characters long; at most " + limits.documentSize()
                    + " are accepted (limit documentSize).";
        }
        if (known.containsKey(text)) {
            return null;
        }
        try {
            Parser.parse(text);
        } catch (InvalidSyntaxException e) {
            return "The document is not valid GraphQL: " + Echo.printable(e.getMessage(), Echo.LIMIT) + ".";
        } catch (RuntimeException e) {
            return "The document is not valid GraphQL.";
        }
        if (known.size() >= KNOWN_DOCUMENTS) {
            known.clear();
        }
        known.put(text, Boolean.TRUE);
        return null;
    }
}
