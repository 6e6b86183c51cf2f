package one.apiin.gateway.graphql.http;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;

import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.error.Failures;
import one.apiin.gateway.graphql.guard.ElsewhereNow;
import one.apiin.gateway.graphql.guard.RequestGuard;
import one.apiin.gateway.graphql.http.GraphQLRequest.Ok;
import one.apiin.gateway.graphql.http.GraphQLRequest.Parsed;
import one.apiin.gateway.graphql.http.GraphQLRequest.Refused;
import one.apiin.gateway.graphql.http.PersistedDocuments.Resolution;

/**
 * GraphQL over HTTP on {@code /graphql} (GET and POST; websocket upgrades and OPTIONS go on to SmallRye's own
 * handlers): reads the request (JSON body, {@code application/graphql} or URL parameters), negotiates the answer's type,
 * finds a persisted document by its hash, refuses a mutation over GET (405), then runs the operation through SmallRye's
 * execution, as SmallRye's handler would (the same identity, request context and instrumentation: limits, strict
 * variables, the error shape), and answers with the status the spec asks for, caching headers, or an event stream.
 */
class GraphQLHttpHandler extends SmallRyeGraphQLAbstractHandler {

    private static final Logger LOG = Logger.getLogger(GraphQLHttpHandler.class);
    /**
     * Found once: {@code Json.createReader} looks its provider up with a {@link java.util.ServiceLoader} on every call
     * (a scan of the class path's jars, 9% of a replica's CPU at 64 clients of cache hits, bench/README.md).
     */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private final PersistedDocuments persisted;
    private final RequestGuard guard;
    private final HttpTransportConfig config;
    private final Vertx vertx;
    private final EventStreams streams;

    GraphQLHttpHandler(CurrentIdentityAssociation identity, CurrentVertxRequest request, PersistedDocuments persisted,
            RequestGuard guard, HttpTransportConfig config, Vertx vertx, EventStreams streams) {
        super(identity, request, false);
        this.persisted = persisted;
        this.guard = guard;
        this.config = config;
        this.vertx = vertx;
        this.streams = streams;
    }

    @Override
    protected void doHandle(RoutingContext context) {
        HttpServerResponse response = context.response();
        MediaType media = MediaType.negotiate(context.request().getHeader("Accept"));
        if (media == null) {
            Answers.refuse(response, MediaType.JSON, 406, "BAD_USER_INPUT", "None of the types in Accept can be "
                    + "answered: accept application/graphql-response+json, application/json or text/event-stream.");
            return;
        }
        boolean get = context.request().method() == HttpMethod.GET;
        Parsed parsed = get ? GraphQLRequest.fromParameters(parameters(context))
                : GraphQLRequest.fromBody(context.request().getHeader("Content-Type"), context.body().asString());
        if (parsed instanceof Refused refused) {
            LOG.debugf("Refused a GraphQL request: %s", refused.message());
            Answers.refuse(response, media, refused.status(), "BAD_USER_INPUT", refused.message());
            return;
        }
        GraphQLRequest request = ((Ok) parsed).request();
        Map<String, Object> metadata = getMetaData(context);
        InjectableContext.ContextState state = Arc.container().requestContext().getState();
        Context vertxContext = vertx.getOrCreateContext();
        persisted.resolve(request).subscribe().with(
                resolution -> vertxContext.runOnContext(ignored -> within(state,
                        () -> resolved(context, media, get, resolution, metadata))),
                failure -> internal(response, media, failure));
    }

    private void resolved(RoutingContext context, MediaType media, boolean get, Resolution resolution,
            Map<String, Object> metadata) {
        HttpServerResponse response = context.response();
        if (resolution instanceof Resolution.Refused refused) {
            LOG.debugf("Refused a persisted document: %s", refused.code());
            graphQLError(response, media, refused.code(), refused.message());
            return;
        }
        GraphQLRequest request = ((Resolution.Found) resolution).request();
        String problem = guard.problem(request.query());
        if (problem != null) {
            LOG.debugf("Refused a GraphQL request: %s", problem);
            graphQLError(response, media, "BAD_USER_INPUT", problem);
            return;
        }
        Operation operation = Operation.of(guard.document(request.query()), request.operationName());
        if (get && (operation.kind() == Operation.Kind.MUTATION
                || operation.kind() == Operation.Kind.SUBSCRIPTION && media != MediaType.EVENT_STREAM)) {
            response.putHeader("Allow", "POST");
            Answers.refuse(response, media, 405, "BAD_USER_INPUT", operation.kind() == Operation.Kind.MUTATION
                    ? "Mutations are not sent with GET (it must be safe to repeat): send them with POST."
                    : "Subscriptions over GET need Accept: text/event-stream; or send them with POST or a websocket.");
            return;
        }
        if (media == MediaType.EVENT_STREAM) {
            if (streams.stopping()) {
                // As for websockets: refused here so that the client's retry finds a replica that stays.
                ElsewhereNow.refuse(response, "This replica is shutting down; reconnect in a moment.");
                return;
            }
            new EventStream(context, config.sseKeepAlive(), vertx, streams)
                    .start(writer -> execute(request, metadata, writer));
            return;
        }
        if (operation.kind() == Operation.Kind.SUBSCRIPTION) {
            Answers.refuse(response, media, 400, "BAD_USER_INPUT", "A subscription needs a stream: ask with Accept: "
                    + "text/event-stream (graphql-sse), or use a websocket (graphql-transport-ws).");
            return;
        }
        execute(request, metadata, new Writer(context, media, get && operation.isPublic()));
    }

    /** A GraphQL error of the request as a whole: streamed where a stream was asked for, else answered. */
    private static void graphQLError(HttpServerResponse response, MediaType media, String code, String message) {
        if (media == MediaType.EVENT_STREAM) {
            EventStream.single(response, Answers.error(code, message));
            return;
        }
        Answers.refuse(response, media, Answers.status(media, false), code, message);
    }

    private void execute(GraphQLRequest request, Map<String, Object> metadata, ExecutionResponseWriter writer) {
        JsonObject input = READERS.createReader(new StringReader(request.toJson().encode())).readObject();
        getExecutionService().executeAsync(input, metadata, writer);
    }

    /** Runs with the request's context active again (its identity, its HTTP request), as the resolvers expect. */
    private static void within(InjectableContext.ContextState state, Runnable action) {
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive()) {
            action.run();
            return;
        }
        requestContext.activate(state);
        try {
            action.run();
        } finally {
            requestContext.deactivate();
        }
    }

    private static void internal(HttpServerResponse response, MediaType media, Throwable failure) {
        LOG.warnf("A GraphQL request failed in the transport: %s", Failures.causeChain(failure));
        if (!response.ended() && !response.headWritten()) {
            Answers.refuse(response, media, 500, "INTERNAL", Failures.INTERNAL_MESSAGE);
        }
    }

    private static Map<String, List<String>> parameters(RoutingContext context) {
        Map<String, List<String>> parameters = new java.util.HashMap<>();
        for (String name : context.queryParams().names()) {
            parameters.put(name, context.queryParams().getAll(name));
        }
        return parameters;
    }

    /** Writes one execution's answer: its status by media type, and caching headers by what it depends on. */
    private final class Writer implements ExecutionResponseWriter {

        private final RoutingContext context;
        private final MediaType media;
        private final boolean isPublic;

        Writer(RoutingContext context, MediaType media, boolean isPublic) {
            this.context = context;
            this.media = media;
            this.isPublic = isPublic;
        }

        @Override
        public void write(ExecutionResponse answer) {
            HttpServerResponse response = context.response();
            if (response.ended()) {
                return;
            }
            String body = answer.getExecutionResultAsString();
            int status = Answers.status(media, answer.getExecutionResult().isDataPresent());
            response.putHeader("Content-Type", media.contentType());
            if (isPublic && status == 200 && answer.getExecutionResult().getErrors().isEmpty()) {
                String etag = "\"" + ApiKeys.sha256Hex(body).substring(0, 32) + "\"";
                response.putHeader("Cache-Control", "public, max-age=" + config.publicMaxAge().toSeconds())
                        .putHeader("ETag", etag);
                response.headers().add("Vary", "Accept");
                if (HttpCaching.matches(context.request().getHeader("If-None-Match"), etag)) {
                    response.setStatusCode(304).end();
                    return;
                }
            } else {
                response.putHeader("Cache-Control", "private, no-store");
                response.headers().add("Vary", "Accept, Authorization");
            }
            response.setStatusCode(status).end(body);
        }

        @Override
        public void fail(Throwable failure) {
            internal(context.response(), media, failure);
        }
    }
}
