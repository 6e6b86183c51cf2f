package one.apiin.gateway.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;

import one.apiin.gateway.support.SelfUrl;

/**
 * Posts {@code {"task_id":…,"status":…}} to a task's callback_url when its duration elapses. Best
 * effort and in process, like upstream webhooks: a restart before then loses the callback, and
 * failures are only logged at debug (without the URL, which may carry a secret). Only this gateway's own URL
 * is called back.
 */
@ApplicationScoped
class CallbackNotifier {

    private static final Logger LOG = Logger.getLogger(CallbackNotifier.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterForReflection
    record Payload(@JsonProperty("task_id") String taskId, String status) {
    }

    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CallbackNotifier(Vertx vertx, ObjectMapper mapper) {
        this.vertx = vertx;
        this.mapper = mapper;
    }

    void schedule(URI callbackUrl, String taskId, SimulatedTaskId task) {
        if (!callbackUrl.toString().startsWith(SelfUrl.base() + "/")) {
            // Only the gateway this simulator serves is called back: any other URL would make it a request forger.
            LOG.debugf("Simulated callback for task %s not scheduled: not this gateway's own URL", taskId);
            return;
        }
        Payload payload = new Payload(taskId, TaskProgress.finalStatus(task));
        // Vert.x timers need at least 1 ms.
        vertx.setTimer(Math.max(1, task.durationMillis()), timerId -> send(callbackUrl, payload));
    }

    private void send(URI callbackUrl, Payload payload) {
        try {
            HttpRequest request = HttpRequest.newBuilder(callbackUrl)
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(payload)))
                    .build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> logOutcome(payload, response, error));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.debugf("Simulated callback for task %s not sent: %s", payload.taskId(), e.getMessage());
        }
    }

    private static void logOutcome(Payload payload, HttpResponse<Void> response, Throwable error) {
        if (error != null) {
            LOG.debugf("Simulated callback for task %s failed: %s", payload.taskId(), error.toString());
        } else {
            LOG.debugf("Simulated callback for task %s answered %d", payload.taskId(), response.statusCode());
        }
    }
}
