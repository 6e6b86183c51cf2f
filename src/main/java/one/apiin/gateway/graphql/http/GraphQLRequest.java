package one.apiin.gateway.graphql.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import one.apiin.gateway.support.Echo;

/**
 * One GraphQL request as GraphQL over HTTP carries it, in a POST body or in GET's URL parameters: the document (absent
 * when only its hash is sent), the operation's name, the variables, the extensions, and the document's hash when the
 * request names one (APQ's {@code extensions.persistedQuery.sha256Hash} or the proposal's {@code documentId}).
 */
record GraphQLRequest(String query, String operationName, JsonObject variables, JsonObject extensions, String hash) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** What a request asked for, or why it cannot be read: the status and a message saying what to send instead. */
    sealed interface Parsed permits Ok, Refused {
    }

    record Ok(GraphQLRequest request) implements Parsed {
    }

    record Refused(int status, String message) implements Parsed {
    }

    /** The same request with its document, once the hash was looked up. */
    GraphQLRequest withQuery(String document) {
        return new GraphQLRequest(document, operationName, variables, extensions, hash);
    }

    /** What SmallRye's execution reads: query, operationName, variables and extensions. */
    JsonObject toJson() {
        JsonObject json = new JsonObject().put("query", query);
        if (operationName != null) {
            json.put("operationName", operationName);
        }
        if (variables != null) {
            json.put("variables", variables);
        }
        if (extensions != null) {
            json.put("extensions", extensions);
        }
        return json;
    }

    /** A POST: JSON ({@code application/json}) or the bare document ({@code application/graphql}). */
    static Parsed fromBody(String contentType, String body) {
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            return new Refused(415, "The request has no Content-Type: send the JSON body {\"query\": \"…\"} with "
                    + "Content-Type: application/json.");
        }
        if (type.equals("application/graphql")) {
            return new Ok(new GraphQLRequest(body == null ? "" : body, null, null, null, null));
        }
        if (!type.equals("application/json")) {
            return new Refused(415, "Content-Type " + Echo.quoted(type) + " is not accepted: send the JSON body "
                    + "{\"query\": \"…\"} with Content-Type: application/json.");
        }
        Object json;
        try {
            json = body == null || body.isBlank() ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            return new Refused(400, "The request body is not JSON. Send {\"query\": \"…\", \"variables\": {…}} with "
                    + "Content-Type application/json.");
        }
        if (!(json instanceof JsonObject request)) {
            return new Refused(400, "The request body must be one JSON object: {\"query\": \"…\", \"variables\": {…}}.");
        }
        return fromFields(request.getValue("query"), request.getValue("operationName"), request.getValue("variables"),
                request.getValue("extensions"), request.getValue("documentId"));
    }

    /** A GET: each parameter a string, variables and extensions JSON-encoded. */
    static Parsed fromParameters(Map<String, List<String>> parameters) {
        Object variables = parameters.containsKey("variables") ? decode(first(parameters, "variables")) : null;
        if (variables instanceof Refused refused) {
            return new Refused(400, "variables " + refused.message());
        }
        Object extensions = parameters.containsKey("extensions") ? decode(first(parameters, "extensions")) : null;
        if (extensions instanceof Refused refused) {
            return new Refused(400, "extensions " + refused.message());
        }
        return fromFields(first(parameters, "query"), first(parameters, "operationName"), variables, extensions,
                first(parameters, "documentId"));
    }

    private static Parsed fromFields(Object query, Object operationName, Object variables, Object extensions,
            Object documentId) {
        if (query != null && !(query instanceof String)) {
            return new Refused(400, "query must be a string holding the GraphQL document.");
        }
        if (variables != null && !(variables instanceof JsonObject)) {
            return new Refused(400, "variables must be a JSON object mapping each variable's name to its value.");
        }
        if (operationName != null && !(operationName instanceof String)) {
            return new Refused(400, "operationName must be a string naming an operation of the document.");
        }
        if (extensions != null && !(extensions instanceof JsonObject)) {
            return new Refused(400, "extensions must be a JSON object (for example {\"persistedQuery\": {…}}).");
        }
        if (documentId != null && !(documentId instanceof String)) {
            return new Refused(400, "documentId must be a string: sha256:<the document's SHA-256 in hex>.");
        }
        Object hash = hash((JsonObject) extensions, (String) documentId);
        if (hash instanceof Refused refused) {
            return refused;
        }
        String text = (String) query;
        if ((text == null || text.isBlank()) && hash == null) {
            return new Refused(400, "The request has no query: send the GraphQL document as the string \"query\".");
        }
        return new Ok(new GraphQLRequest(text == null || text.isBlank() ? null : text, (String) operationName,
                (JsonObject) variables, (JsonObject) extensions, (String) hash));
    }

    /** The hash the request names (lower-case hex), null when none, or why it cannot be read. */
    private static Object hash(JsonObject extensions, String documentId) {
        if (documentId != null) {
            String id = documentId.strip().toLowerCase(Locale.ROOT);
            if (!id.startsWith("sha256:") || !SHA256.matcher(id.substring(7)).matches()) {
                return new Refused(400, "documentId must be sha256:<the document's SHA-256, 64 hex digits>.");
            }
            return id.substring(7);
        }
        Object persisted = extensions == null ? null : extensions.getValue("persistedQuery");
        if (persisted == null) {
            return null;
        }
        if (!(persisted instanceof JsonObject apq) || !(apq.getValue("sha256Hash") instanceof String hash)) {
            return new Refused(400, "extensions.persistedQuery must be {\"version\": 1, \"sha256Hash\": \"<the "
                    + "document's SHA-256, 64 hex digits>\"}.");
        }
        Object version = apq.getValue("version");
        if (version != null && !(version instanceof Number number && number.intValue() == 1)) {
            return new Refused(400, "extensions.persistedQuery.version must be 1.");
        }
        String lower = hash.strip().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(lower).matches()) {
            return new Refused(400, "extensions.persistedQuery.sha256Hash must be the document's SHA-256 as 64 hex "
                    + "digits.");
        }
        return lower;
    }

    private static Object decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.decodeValue(text);
        } catch (DecodeException e) {
            return new Refused(400, "must be a JSON object, URL-encoded.");
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
