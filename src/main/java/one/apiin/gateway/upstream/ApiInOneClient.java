package one.apiin.gateway.upstream;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.GatewayException;
import one.apiin.gateway.error.InsufficientCreditsException;
import one.apiin.gateway.error.InternalException;
import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.error.UnauthenticatedException;
import one.apiin.gateway.error.UpstreamUnavailableException;
import one.apiin.gateway.support.SelfUrl;

/**
 * The API in One upstream as the rest of the gateway sees it: parsed answers, and failures already mapped to
 * the contract's error codes. Each creation call is classified by what it proves about the upstream's books (see
 * {@link CreateOutcome}); status calls are single attempts, since the tracker has its own rhythm.
 */
@ApplicationScoped
public class ApiInOneClient {

    private static final Logger LOG = Logger.getLogger(ApiInOneClient.class);

    /** What an end user is told when the upstream refuses the gateway's own key: the operator's problem, not theirs. */
    static final String OPERATOR_PROBLEM = "The image service is unavailable right now; please try again later.";

    private final UpstreamConfig config;
    private final MeterRegistry registry;
    private final OperatorKeyAlarm alarm;
    private volatile ApiInOneRestClient rest;
    /** Told when the upstream says a model is gone (the catalog may retire it); null outside CDI. */
    @Inject
    Event<ModelUnavailable> modelEvents;

    @Inject
    public ApiInOneClient(UpstreamConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.alarm = new OperatorKeyAlarm(registry);
    }

    /** Without metrics (unit tests). */
    public ApiInOneClient(UpstreamConfig config) {
        this(config, new SimpleMeterRegistry());
    }

    /**
     * One creation call, classified by what it tells about the upstream's books. Never fails: every failure is an
     * outcome. A call is never retried here: each attempt must be recorded before it is made.
     */
    public Uni<CreateOutcome> createOnce(String apiKey, UpstreamCreateRequest body) {
        boolean operators = operatorsKey(apiKey);
        return timed("create", Uni.createFrom().deferred(() -> rest().create(bearer(apiKey), body))
                .ifNoItem().after(config.requestTimeout()).fail()
                .map(Answer::of))
                .invoke(answer -> watch(answer, operators))
                .map(answer -> {
                    CreateOutcome outcome = classify(answer, operators);
                    if (outcome instanceof CreateOutcome.NotCreated && answer.status() / 100 == 4) {
                        UpstreamError error = UpstreamResponses.parseError(answer.status(), answer.body(),
                                answer.retryAfter());
                        if (ModelUnavailable.says(error) && modelEvents != null) {
                            modelEvents.fire(new ModelUnavailable(body.model(), answer.status()));
                        }
                    }
                    return outcome;
                })
                .onFailure().recoverWithItem(ApiInOneClient::classifyNoAnswer);
    }

    /**
     * One status call; transient trouble (5xx, network errors, timeouts, a refusal of the gateway's own key) fails with
     * UPSTREAM_UNAVAILABLE or RATE_LIMITED.
     */
    public Uni<UpstreamTask> status(String apiKey, String upstreamTaskId) {
        boolean operators = operatorsKey(apiKey);
        return timed("status", call(() -> rest().status(bearer(apiKey), upstreamTaskId)))
                .invoke(answer -> watch(answer, operators))
                .map(answer -> {
                    if (answer.status() / 100 == 2) {
                        return parse(answer.body());
                    }
                    throw mapError(UpstreamResponses.parseError(answer.status(), answer.body(), answer.retryAfter()),
                            operators);
                })
                // No answer at all is transient trouble like a 5xx: the tracker rides it out until its deadline.
                .onFailure(UpstreamUnreachable.class).transform(failure -> unavailable());
    }

    /**
     * Whether a call is made with the gateway's own key (for jwt and gateway-key callers) rather than a caller's: its
     * refusals are then the operator's to hear of, not the end user's.
     */
    private boolean operatorsKey(String apiKey) {
        return config.apiKey().filter(own -> own.equals(apiKey)).isPresent();
    }

    /** Tells the operator when the upstream refuses the gateway's own key, and when it accepts it again. */
    private void watch(Answer answer, boolean operators) {
        if (!operators) {
            return;
        }
        if (answer.status() / 100 == 2) {
            alarm.accepted();
        } else if (OperatorKeyAlarm.refusal(answer.status())) {
            alarm.refused(UpstreamResponses.parseError(answer.status(), answer.body(), answer.retryAfter()));
        }
    }

    static CreateOutcome classify(Answer answer) {
        return classify(answer, false);
    }

    /** {@code operators}: the call was made with the gateway's own key (see {@link #mapError(UpstreamError, boolean)}). */
    static CreateOutcome classify(Answer answer, boolean operators) {
        if (answer.status() / 100 == 2) {
            try {
                UpstreamTask task = UpstreamResponses.parseTask(answer.body());
                // Some models answer the creation with the images, with or without a task id: that is a result.
                boolean images = task.status() == UpstreamStatus.SUCCEEDED && !task.imageUrls().isEmpty();
                return task.taskId() == null && !images ? new CreateOutcome.Unreadable(answer.body(), "no task id")
                        : new CreateOutcome.Created(task);
            } catch (IllegalArgumentException e) {
                return new CreateOutcome.Unreadable(answer.body(), e.getMessage());
            }
        }
        if (!provesNothingCreated(answer)) {
            return new CreateOutcome.Unknown("HTTP " + answer.status()
                    + (UpstreamResponses.isUpstreamError(answer.body()) ? "" : " without the upstream's error body"));
        }
        UpstreamError error = UpstreamResponses.parseError(answer.status(), answer.body(), answer.retryAfter());
        boolean retryable = error.httpStatus() >= 500 || error.httpStatus() == 429;
        return new CreateOutcome.NotCreated(mapError(error, operators), retryable, error.retryAfterSeconds());
    }

    /**
     * Whether an error answer proves that nothing was created: a 4xx, or a 5xx in the upstream's own error envelope. A
     * proxy's answer (502, 504, 524, or any 5xx not in the envelope: an HTML page, an empty body) may come after the
     * upstream created the task, which it then bills.
     */
    static boolean provesNothingCreated(Answer answer) {
        return answer.status() < 500
                || !PROXY_STATUSES.contains(answer.status()) && UpstreamResponses.isUpstreamError(answer.body());
    }

    /** Bad gateway, gateway timeout, and Cloudflare's origin timeout: a proxy's words about a request it passed on. */
    private static final Set<Integer> PROXY_STATUSES = Set.of(502, 504, 524);

    /**
     * No answer: nothing was created only when no connection could be made (refused, unknown host, connect timeout:
     * Netty's ConnectTimeoutException is a ConnectException). Anything later (a timeout or a reset after the request
     * went out) leaves the outcome unknown.
     */
    static CreateOutcome classifyNoAnswer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return new CreateOutcome.NotCreated(unavailable(), true, null);
            }
        }
        return new CreateOutcome.Unknown(failure.getClass().getSimpleName());
    }

    /** Exponential backoff with full jitter over its upper half, so that replicas do not retry in step. */
    public Duration backoff(int attempt) {
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /**
     * Times one upstream call: {@code gateway_upstream_requests_seconds{kind, outcome}}, the outcome being the answer's
     * status class (2xx, 4xx, 5xx) or {@code no_answer}.
     */
    private Uni<Answer> timed(String kind, Uni<Answer> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return call.invoke(answer -> sample.stop(timer(kind, answer.status() / 100 + "xx")))
                    .onFailure().invoke(failure -> sample.stop(timer(kind, "no_answer")));
        });
    }

    private Timer timer(String kind, String outcome) {
        return Timer.builder("gateway.upstream.requests").description("Calls to the upstream by kind and outcome")
                .tags("kind", kind, "outcome", outcome).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    private Uni<Answer> call(java.util.function.Supplier<Uni<? extends Response>> request) {
        return Uni.createFrom().deferred(request)
                .ifNoItem().after(config.requestTimeout()).fail()
                .map(Answer::of)
                .onFailure(failure -> !(failure instanceof GatewayException))
                .transform(failure -> new UpstreamUnreachable(failure.getClass().getSimpleName()));
    }

    private static UpstreamTask parse(String body) {
        try {
            return UpstreamResponses.parseTask(body);
        } catch (IllegalArgumentException e) {
            LOG.warnf("The upstream sent an answer the gateway cannot read: %s", e.getMessage());
            throw new InternalException("The upstream sent an answer the gateway cannot read. Please try again later.");
        }
    }

    static GatewayException mapError(UpstreamError error) {
        return mapError(error, false);
    }

    /**
     * The contract's error for an upstream error answer. With the gateway's own key ({@code operators}: jwt and
     * gateway-key callers) the upstream's words are not passed on, and a refusal of the key (401, 402, 403) is the
     * operator's problem: the end user is told the service is unavailable, not to sign in again or to buy credits.
     */
    static GatewayException mapError(UpstreamError error, boolean operators) {
        if (operators && OperatorKeyAlarm.refusal(error.httpStatus())) {
            return new UpstreamUnavailableException(OPERATOR_PROBLEM);
        }
        String said = operators ? "." : ": " + error.message();
        switch (error.httpStatus()) {
            case 400:
                return new BadUserInputException("The upstream refused the request" + said);
            case 401:
            case 403:
                return new UnauthenticatedException("The upstream refused your API key" + said);
            case 402:
                return new InsufficientCreditsException(
                        "Your API in One account does not have enough credits for this generation" + said);
            case 404:
                return new NotFoundException("The upstream does not know this task" + said);
            case 429:
                return new RateLimitedException((operators ? "The upstream is rate limiting this service"
                        : "The upstream is rate limiting your key: " + error.message())
                        + (error.retryAfterSeconds() == null ? "" : " (retry after " + error.retryAfterSeconds() + " s)"),
                        error.retryAfterSeconds());
            default:
                return error.httpStatus() >= 500 ? unavailable()
                        : new InternalException("The upstream answered HTTP " + error.httpStatus() + ".");
        }
    }

    private static UpstreamUnavailableException unavailable() {
        return new UpstreamUnavailableException("The image upstream (API in One) cannot be reached right now. "
                + "Please try again in a minute.");
    }

    private static String bearer(String apiKey) {
        return "Bearer " + apiKey;
    }

    private ApiInOneRestClient rest() {
        ApiInOneRestClient client = rest;
        if (client == null) {
            synchronized (this) {
                if (rest == null) {
                    rest = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(baseUri())
                            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            // Error answers are parsed here, not turned into exceptions by the client.
                            .property("microprofile.rest.client.disable.default.mapper", true)
                            .build(ApiInOneRestClient.class);
                }
                client = rest;
            }
        }
        return client;
    }

    /** Resolved at first use, because the built-in simulator's port is known only once the server listens. */
    URI baseUri() {
        String url = SelfUrl.SELF.equals(config.url()) ? SelfUrl.base() + "/simulator" : config.url().strip();
        // "https://apiin.one/" and "https://apiin.one" are the same upstream: the client appends /api/v1/….
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** A status, body and Retry-After, read off a response at once so that nothing holds on to it. */
    record Answer(int status, String body, String retryAfter) {
        static Answer of(Response response) {
            try (response) {
                String body = response.hasEntity() ? response.readEntity(String.class) : "";
                return new Answer(response.getStatus(), body, response.getHeaderString("Retry-After"));
            }
        }
    }

    /** Network trouble: no answer at all. Retried on creation, never shown as such to a client. */
    static final class UpstreamUnreachable extends RuntimeException {
        UpstreamUnreachable(String reason) {
            super(reason, null, false, false);
        }
    }
}
