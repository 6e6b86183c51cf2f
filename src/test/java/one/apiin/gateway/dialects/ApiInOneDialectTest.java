package one.apiin.gateway.dialects;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.support.Management;
import one.apiin.gateway.support.NodeClients;
import one.apiin.gateway.support.Rows;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.support.Tokens;
import one.apiin.gateway.support.WebhookReceiver;

/** API in One's own REST API, served by the gateway, used as its clients use it (REST Assured). */
@QuarkusTest
class ApiInOneDialectTest {

    private static final String SECRET = "{ webhookSecret }";
    private static final String SECRET_OF = "query ($owner: String) { webhookSecret(owner: $owner) }";

    @Inject
    Pool pool;

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private static Response create(String key, Map<String, Object> body) {
        return as(key).body(body).post("/api/v1/images/generations");
    }

    private static JsonPath awaitEnd(String key, String taskId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> as(key).get("/api/v1/tasks/" + taskId).then().statusCode(200).extract().jsonPath(),
                        task -> List.of("completed", "failed").contains(task.getString("data.status")));
    }

    @Test
    void aGenerationIsCreatedPolledAndItsKeptImageDownloaded() throws IOException {
        String key = newKey();
        JsonPath created = create(key, Map.of("model", "imagen4-fast", "prompt", "a lighthouse " + UUID.randomUUID(),
                "aspect_ratio", "16:9", "num_images", 2)).then().statusCode(200).extract().jsonPath();
        assertThat(created.getInt("code")).isEqualTo(200);
        assertThat(created.getString("message")).isEqualTo("success");
        assertThat(created.getString("data.status")).isIn("pending", "in_progress");
        String taskId = created.getString("data.task_id");

        JsonPath ended = awaitEnd(key, taskId);
        assertThat(ended.getString("data.status")).isEqualTo("completed");
        assertThat(ended.getInt("data.progress")).isEqualTo(100);
        assertThat(ended.getInt("data.credits_charged")).isEqualTo(8);
        assertThat(ended.getList("data.images")).hasSize(2);
        assertThat(ended.getInt("data.images[0].width")).isEqualTo(512);
        assertThat(ended.getInt("data.images[0].height")).isEqualTo(288);
        String url = ended.getString("data.images[0].url");
        assertThat(url).matches("http://localhost:\\d+/images/[A-Za-z0-9_-]{32}\\.png");
        assertThat(ended.getList("data.output.image_urls")).containsExactlyElementsOf(
                ended.getList("data.images.url"));
        byte[] png = given().get(url).then().statusCode(200).extract().asByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(512);
    }

    @Test
    void aSeededRepeatIsAnsweredFromTheCacheWithoutReachingTheUpstream() {
        String key = newKey();
        Map<String, Object> request = Map.of("prompt", "a cached harbour " + UUID.randomUUID(), "seed", 7);
        String first = create(key, request).then().statusCode(200).extract().path("data.task_id");
        assertThat(awaitEnd(key, first).getString("data.status")).isEqualTo("completed");
        int creates = Simulator.createAttempts();

        JsonPath repeat = create(key, request).then().statusCode(200).extract().jsonPath();

        assertThat(repeat.getString("data.status")).isEqualTo("completed");
        assertThat(repeat.getBoolean("data.cached")).isTrue();
        assertThat(repeat.getInt("data.credits_charged")).isZero();
        assertThat(repeat.getString("data.task_id")).isNotEqualTo(first);
        assertThat(repeat.getString("data.images[0].url")).contains("/images/");
        assertThat(Simulator.createAttempts()).isEqualTo(creates);
    }

    @Test
    void anIdempotencyKeyGivesTheSameTaskOnARetry() {
        String key = newKey();
        String idempotency = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("prompt", "an idempotent owl " + UUID.randomUUID());
        int creates = Simulator.createAttempts();
        String first = as(key).header("Idempotency-Key", idempotency).body(request)
                .post("/api/v1/images/generations").then().statusCode(200).extract().path("data.task_id");
        String again = as(key).header("Idempotency-Key", idempotency).body(request)
                .post("/api/v1/images/generations").then().statusCode(200).extract().path("data.task_id");
        assertThat(again).isEqualTo(first);
        assertThat(Simulator.createAttempts()).isEqualTo(creates + 1);

        as(key).header("Idempotency-Key", idempotency).body(Map.of("prompt", "another request"))
                .post("/api/v1/images/generations").then().statusCode(400)
                .body("error.message", org.hamcrest.Matchers.containsString("Idempotency-Key was already used"));
    }

    @Test
    void badInputIsRefusedInTheUpstreamsShapeNamingTheField() {
        String key = newKey();
        create(key, Map.of("prompt", "a cat", "num_images", 9)).then().statusCode(400)
                .body("error.code", equalTo(400)).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("num_images must be between 1 and 4 for imagen4"));
        create(key, Map.of("prompt", "a cat", "num_images", "two")).then().statusCode(400)
                .body("error.message", equalTo("num_images must be a whole number, not \"two\""));
        as(key).body("{\"prompt\": ").post("/api/v1/images/generations").then().statusCode(400)
                .body("error.code", equalTo(400))
                .body("error.message", org.hamcrest.Matchers.startsWith("The request body is not valid JSON"));
        create(key, Map.of("prompt", "a cat", "callback_url", "ftp://example.com/x")).then().statusCode(400)
                .body("error.message", equalTo("callback_url must be an absolute http or https URL"));
        create(key, Map.of("prompt", "a cat", "callback_url", "http://169.254.169.254/latest")).then()
                .statusCode(400).body("error.message", org.hamcrest.Matchers.startsWith("callback_url must reach a"
                        + " public address"));
    }

    @Test
    void credentialsCreditsAndRateLimitsAreRefusedWithTheirStatus() {
        given().contentType(ContentType.JSON).body(Map.of("prompt", "a cat")).post("/api/v1/images/generations")
                .then().statusCode(401).body("error.code", equalTo(401))
                .body("error.type", equalTo("authentication_error"))
                .body("error.message", org.hamcrest.Matchers.containsString("Authorization: Bearer"));
        create("gk_not_a_key_of_this_gateway", Map.of("prompt", "a cat")).then().statusCode(401);
        create(newKey(), Map.of("prompt", "a poor cat sim:402")).then().statusCode(402)
                .body("error.code", equalTo(402)).body("error.type", equalTo("insufficient_credits"));
        create(newKey(), Map.of("prompt", "a hurried cat sim:429")).then().statusCode(429)
                .header("Retry-After", "1").body("error.code", equalTo(429))
                .body("error.type", equalTo("rate_limit_exceeded"));
    }

    @Test
    void anotherOwnersTaskIsNotFound() {
        String owner = newKey();
        String taskId = create(owner, Map.of("prompt", "a private garden " + UUID.randomUUID())).then()
                .statusCode(200).extract().path("data.task_id");
        as(newKey()).get("/api/v1/tasks/" + taskId).then().statusCode(404).body("error.code", equalTo(404))
                .body("error.type", equalTo("not_found"));
        as(owner).get("/api/v1/tasks/no-such-task").then().statusCode(404);
        as(owner).get("/api/v1/tasks/" + taskId).then().statusCode(200).body("data.task_id", equalTo(taskId));
    }

    @Test
    void aFailedGenerationSaysSoWithItsError() {
        String key = newKey();
        String taskId = create(key, Map.of("prompt", "a doomed cat sim:fail")).then().statusCode(200).extract()
                .path("data.task_id");
        JsonPath ended = awaitEnd(key, taskId);
        assertThat(ended.getString("data.status")).isEqualTo("failed");
        assertThat(ended.getString("data.error.code")).isEqualTo("UPSTREAM_FAILED");
        assertThat(ended.getString("data.error.message")).isNotBlank();
        assertThat(ended.getList("data.images")).isEmpty();
    }

    @Test
    void theCallbackIsSignedRetriedAndKeptUntilDelivered() throws Exception {
        String key = newKey();
        try (WebhookReceiver receiver = new WebhookReceiver(2)) {
            String taskId = create(key, Map.of("prompt", "a signalled comet " + UUID.randomUUID(), "callback_url",
                    receiver.url("/hooks/gateway?ref=42"))).then().statusCode(200).extract().path("data.task_id");
            // Written with the acceptance, before the task can end: a crash before its delivery loses nothing.
            assertThat(Rows.count(pool, "select count(*) from webhook_delivery where task_id = $1"
                    + " and delivered_at is null", taskId)).isEqualTo(1);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() >= 3);
            List<WebhookReceiver.Delivery> deliveries = receiver.received();
            assertThat(deliveries).extracting(WebhookReceiver.Delivery::path).containsOnly("/hooks/gateway?ref=42");
            assertThat(deliveries).extracting(d -> d.headers().get("webhook-id")).containsOnly(
                    deliveries.get(0).headers().get("webhook-id")).allMatch(id -> id.startsWith("msg_"));
            WebhookReceiver.Delivery delivered = deliveries.get(2);
            JsonPath body = JsonPath.from(delivered.body());
            assertThat(body.getString("type")).isEqualTo("task.completed");
            assertThat(body.getString("data.task_id")).isEqualTo(taskId);
            assertThat(body.getString("data.status")).isEqualTo("completed");
            assertThat(body.getString("data.images[0].url")).contains("/images/");
            await().atMost(Duration.ofSeconds(5)).until(() -> Rows.count(pool, "select count(*) from webhook_delivery"
                    + " where task_id = $1 and delivered_at is not null", taskId) == 1);
            assertThat(receiver.received()).hasSize(3);

            String secret = post(key, SECRET).getString("data.webhookSecret");
            assertThat(secret).startsWith("whsec_");
            assertThat(post(Tokens.admin(), SECRET_OF, Map.of("owner", ApiKeys.sha256Hex(key)))
                    .getString("data.webhookSecret")).isEqualTo(secret);
            assertThat(post(newKey(), SECRET_OF, Map.of("owner", ApiKeys.sha256Hex(key))).getString(
                    "errors[0].extensions.code")).isEqualTo("UNAUTHENTICATED");

            NodeClients.assumeAvailable();
            Map<String, Object> input = new HashMap<>();
            input.put("secret", secret);
            input.put("headers", delivered.headers());
            input.put("body", delivered.body());
            JsonPath verified = NodeClients.run("verify-webhook.mjs", Map.of(),
                    new ObjectMapper().writeValueAsString(input));
            assertThat(verified.getBoolean("verified")).as(verified.prettify()).isTrue();
            assertThat(verified.getString("payload.data.task_id")).isEqualTo(taskId);

            input.put("secret", post(newKey(), SECRET).getString("data.webhookSecret"));
            assertThat(NodeClients.run("verify-webhook.mjs", Map.of(), new ObjectMapper().writeValueAsString(input))
                    .getBoolean("verified")).isFalse();
        }
    }

    @Test
    void aCacheHitsCallbackIsDeliveredToo() {
        String key = newKey();
        Map<String, Object> request = new HashMap<>(Map.of("prompt", "a cached callback " + UUID.randomUUID(),
                "seed", 3));
        String first = create(key, request).then().statusCode(200).extract().path("data.task_id");
        awaitEnd(key, first);
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            request.put("callback_url", receiver.url("/hit"));
            JsonPath hit = create(key, request).then().statusCode(200).body("data.status", oneOf("completed"))
                    .extract().jsonPath();
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
            assertThat(JsonPath.from(receiver.received().get(0).body()).getString("data.task_id"))
                    .isEqualTo(hit.getString("data.task_id"));
        }
    }

    @Test
    void requestsAreCountedPerDialect() {
        double before = Metrics.value("gateway_generation_requests_total{dialect=\"apiinone\",outcome=\"accepted\"}");
        create(newKey(), Map.of("prompt", "a counted cat " + UUID.randomUUID())).then().statusCode(200);
        assertThat(Metrics.value("gateway_generation_requests_total{dialect=\"apiinone\",outcome=\"accepted\"}"))
                .isEqualTo(before + 1);
        double refused = Metrics.value(
                "gateway_generation_requests_total{dialect=\"apiinone\",outcome=\"BAD_USER_INPUT\"}");
        create(newKey(), Map.of("prompt", "no")).then().statusCode(400);
        assertThat(Metrics.value("gateway_generation_requests_total{dialect=\"apiinone\",outcome=\"BAD_USER_INPUT\"}"))
                .isEqualTo(refused + 1);
    }

    /** One series of the management interface's Prometheus page. */
    static final class Metrics {
        static double value(String series) {
            String metrics = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
            for (String line : metrics.split("\n")) {
                if (line.startsWith(series + " ")) {
                    return Double.parseDouble(line.substring(series.length() + 1).trim());
                }
            }
            return 0;
        }
    }
}
