package one.apiin.gateway.graphql.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.error.Failures;
import one.apiin.gateway.support.OnContext;

import graphql.ExecutionResult;

/**
 * One operation over server-sent events, graphql-sse's distinct-connections mode: each result a {@code next} event,
 * then {@code complete}, and the response ends. Every event is written (and so flushed) as it comes, with keep-alive
 * comments in between. Each event's id is a digest of its data: a client reconnecting with {@code Last-Event-ID} gets
 * the stored state first as always, except when it is the very event it saw last. A client that goes away cancels the
 * subscription (its caps are given back).
 */
final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);

    private final HttpServerResponse response;
    private final Duration keepAlive;
    private final Vertx vertx;
    private final String lastEventId;
    private final EventStreams streams;
    /** The request's own context: a stream ended at shutdown is ended there, as its writes are. */
    private final Context context;
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private long timer = -1;

    EventStream(RoutingContext context, Duration keepAlive, Vertx vertx, EventStreams streams) {
        this.response = context.response();
        this.keepAlive = keepAlive;
        this.vertx = vertx;
        this.lastEventId = context.request().getHeader("Last-Event-ID");
        this.streams = streams;
        this.context = Vertx.currentContext();
    }

    /** One result as a whole stream: next, then complete (GraphQL errors of the request, streamed gracefully). */
    static void single(HttpServerResponse response, String result) {
        open(response);
        response.write(event("next", digest(result), result));
        response.end(event("complete", null, ""));
    }

    /** Opens the stream and runs the operation, which writes into it. */
    void start(Consumer<ExecutionResponseWriter> execution) {
        open(response);
        // An empty comment at once: some browsers and proxies show nothing until the first bytes.
        response.write(":\n\n");
        timer = vertx.setPeriodic(keepAlive.toMillis(), id -> {
            if (!closed.get()) {
                response.write(":\n\n");
            }
        });
        response.closeHandler(ignored -> close());
        streams.opened(this);
        execution.accept(new ExecutionResponseWriter() {
            @Override
            public void write(ExecutionResponse answer) {
                Object data = answer.getExecutionResult().getData();
                if (data instanceof Publisher<?> stream) {
                    follow(stream);
                } else {
                    next(answer.getExecutionResultAsString());
                    complete();
                }
            }

            @Override
            public void fail(Throwable failure) {
                LOG.warnf("A streamed GraphQL operation failed: %s", Failures.causeChain(failure));
                next(Answers.error("INTERNAL", Failures.INTERNAL_MESSAGE));
                complete();
            }
        });
    }

    private static void open(HttpServerResponse response) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", MediaType.EVENT_STREAM.contentType())
                .putHeader("Cache-Control", "no-cache, no-store")
                // nginx (and ingress-nginx) buffer responses unless told not to.
                .putHeader("X-Accel-Buffering", "no");
    }

    @SuppressWarnings("unchecked")
    private void follow(Publisher<?> stream) {
        ((Publisher<ExecutionResult>) stream).subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription.set(s);
                if (closed.get()) {
                    s.cancel();
                } else {
                    s.request(1);
                }
            }

            @Override
            public void onNext(ExecutionResult result) {
                next(new ExecutionResponse(result).getExecutionResultAsString());
                Subscription s = subscription.get();
                if (s != null && !closed.get()) {
                    s.request(1);
                }
            }

            @Override
            public void onError(Throwable failure) {
                LOG.debugf("A subscription stream failed: %s", Failures.causeChain(failure));
                next(Answers.error("INTERNAL", Failures.INTERNAL_MESSAGE));
                complete();
            }

            @Override
            public void onComplete() {
                complete();
            }
        });
    }

    private void next(String json) {
        String id = digest(json);
        boolean resumed = first.getAndSet(false) && id.equals(lastEventId);
        if (!resumed && !closed.get()) {
            response.write(event("next", id, json));
        }
    }

    private void complete() {
        if (closed.compareAndSet(false, true)) {
            vertx.cancelTimer(timer);
            streams.ended(this);
            response.end(event("complete", null, ""));
        }
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            stop();
            LOG.debugf("An event stream's client went away");
        }
    }

    /**
     * The replica shuts down: the stream ends without {@code complete}, so that its client reconnects elsewhere
     * rather than take the operation as done.
     */
    void goAway() {
        if (closed.compareAndSet(false, true)) {
            OnContext.run(context, () -> {
                stop();
                response.end();
            });
        }
    }

    private void stop() {
        vertx.cancelTimer(timer);
        streams.ended(this);
        Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    static String event(String name, String id, String data) {
        StringBuilder event = new StringBuilder("event: ").append(name).append('\n');
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        return event.append("data:").append(data.isEmpty() ? "" : " " + data).append("\n\n").toString();
    }

    private static String digest(String data) {
        return ApiKeys.sha256Hex(data).substring(0, 24);
    }
}
