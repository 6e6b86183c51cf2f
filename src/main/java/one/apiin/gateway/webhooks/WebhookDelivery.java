package one.apiin.gateway.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;

import one.apiin.gateway.error.Failures;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.task.TaskEnded;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;

/**
 * Makes the deliveries that are due: at once for a task that ended on this replica, and on every replica's scan for
 * the others (tasks ended elsewhere, a replica gone mid-attempt, retries). An attempt POSTs the Standard Webhooks body
 * ({@code type}, {@code timestamp}, {@code data}) with {@code webhook-id} (the same on every attempt),
 * {@code webhook-timestamp} and {@code webhook-signature}; any 2xx answer delivers it, anything else is tried again
 * after a doubling pause until the attempts run out.
 */
@ApplicationScoped
class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    /** Deliveries one claim takes. */
    private static final int BATCH = 20;
    /** How long a delivery made (or given up) is remembered: a retried request within it is not delivered again. */
    private static final Duration HISTORY = Duration.ofDays(7);

    private final Vertx vertx;
    private final WebhooksConfig config;
    private final WebhookOutbox outbox;
    private final WebhookSecrets secrets;
    private final TaskService tasks;
    private final TaskPayload payload;
    private final ObjectMapper mapper;
    private final HttpClient client;
    private long scanTimer = -1;
    private long purgeTimer = -1;

    WebhookDelivery(Vertx vertx, WebhooksConfig config, WebhookOutbox outbox, WebhookSecrets secrets,
            TaskService tasks, TaskPayload payload, ObjectMapper mapper) {
        this.vertx = vertx;
        this.config = config;
        this.outbox = outbox;
        this.secrets = secrets;
        this.tasks = tasks;
        this.payload = payload;
        this.mapper = mapper;
        this.client = vertx.getDelegate().createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis()).setForceSni(true).setVerifyHost(true)
                .setMaxPoolSize(16));
    }

    void start(@Observes StartupEvent event) {
        scanTimer = vertx.setPeriodic(config.scanInterval().toMillis(), id -> deliverDue(null));
        purgeTimer = vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> outbox.purge(Instant.now().minus(HISTORY))
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Old webhook deliveries not purged yet (%s)", Failures.causeChain(failure))));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(scanTimer);
        vertx.cancelTimer(purgeTimer);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** A task ended here: its delivery, if it has one, is made now rather than at the next scan. */
    void ended(@Observes TaskEnded event) {
        if (event.task().cached()) {
            // Born ended (a cache hit): its webhook, if it gets one, is registered after, and register delivers it.
            // A claim here would be a statement on every hit's path finding nothing.
            return;
        }
        deliverDue(event.task().id());
    }

    /** Claims and makes the deliveries that are due (only {@code taskId}'s when given); never fails. */
    void deliverDue(String taskId) {
        SafeContext.run(vertx.getDelegate(), () -> outbox.claim(taskId, BATCH, lease())
                .onItem().transformToMulti(claimed -> io.smallrye.mutiny.Multi.createFrom().iterable(claimed))
                .onItem().transformToUniAndMerge(this::attempt).collect().asList())
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Webhook deliveries not looked at now (%s)", Failures.causeChain(failure)));
    }

    /** A claim covers a whole attempt (resolving, connecting, the answer), with room to record its outcome. */
    private Duration lease() {
        return config.timeout().multipliedBy(3).plusSeconds(5);
    }

    private Uni<Void> attempt(WebhookOutbox.Claimed delivery) {
        URI uri = URI.create(delivery.url());
        return tasks.find(delivery.taskId()).chain(task -> task == null
                ? outbox.failed(delivery.id(), null, null)
                : target(uri.getHost()).chain(target -> target.address() == null
                        ? Uni.createFrom().item(-1)
                        : post(uri, target.address(), delivery, body(task, delivery.imageBase())))
                        .onFailure().recoverWithItem(failure -> {
                            LOG.debugf("A webhook to %s failed: %s", uri.getHost(), failure.getMessage());
                            return -1;
                        })
                        .chain(status -> outcome(delivery, uri, status)))
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf("A webhook delivery was not recorded (%s)", Failures.causeChain(failure));
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> outcome(WebhookOutbox.Claimed delivery, URI uri, int status) {
        if (status >= 200 && status < 300) {
            return outbox.delivered(delivery.id(), status);
        }
        Duration pause = WebhookBackoff.after(delivery.attempt(), config);
        if (pause == null) {
            LOG.infof("A webhook to %s was given up after %d attempts (last answer %s)", uri.getHost(),
                    delivery.attempt(), status < 0 ? "none" : String.valueOf(status));
        }
        return outbox.failed(delivery.id(), status < 0 ? null : status, pause);
    }

    /** Where a delivery to a host connects: an allowed address, or why there is none. */
    record Target(InetAddress address, String problem) {
    }

    /** The host's address, checked as when its URL was given (DNS may have changed since). */
    Uni<Target> target(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return vertx.executeBlocking(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(bare);
            } catch (java.net.UnknownHostException e) {
                return new Target(null, "host is unknown");
            }
            boolean allowed = Arrays.stream(addresses)
                    .allMatch(address -> WebhookAddresses.allowed(address, config.allowPrivate()));
            return allowed ? new Target(addresses[0], null)
                    : new Target(null, "must reach a public address (not a loopback, private, link-local or metadata one)");
        }, false);
    }

    private String body(TaskSnapshot task, String imageBase) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", task.status() == TaskStatus.SUCCEEDED ? "task.completed" : "task.failed");
        body.put("timestamp", task.updatedAt().toString());
        body.put("data", payload.data(task, imageBase));
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A task could not be written as JSON", e);
        }
    }

    private Uni<Integer> post(URI uri, InetAddress address, WebhookOutbox.Claimed delivery, String body) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long timestamp = Instant.now().getEpochSecond();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(uri.getHost()).setPort(port).setSsl(tls).setURI(path)
                .setTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "image-gateway-webhooks")
                .putHeader("webhook-id", delivery.id())
                .putHeader("webhook-timestamp", String.valueOf(timestamp))
                .putHeader("webhook-signature", WebhookSignature.sign(secrets.of(delivery.owner()), delivery.id(),
                        timestamp, body));
        return Uni.createFrom().emitter(emitter -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        emitter.complete(result.result());
                    } else {
                        emitter.fail(result.cause());
                    }
                }));
    }
}
