package one.apiin.gateway.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import io.vertx.core.Vertx;

import one.apiin.gateway.support.Documents;

/**
 * Several replicas of the packaged service sharing PostgreSQL and Redis, with a third process as the upstream
 * (its built-in simulator, on its own database and channels so that it tracks nothing of theirs).
 */
class MultiReplicaIT {

    static final String DB = "jdbc:postgresql://127.0.0.1:5432/gateway_test";
    static GatewayProcess upstream;
    static Vertx vertx;

    @BeforeAll
    static void startUpstream() throws Exception {
        vertx = Vertx.vertx();
        upstream = new GatewayProcess("upstream", Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/gateway",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/gateway",
                "GATEWAY_UPSTREAM_URL", "builtin",
                "GATEWAY_FEED_CHANNEL", "image-gateway-it-upstream:changes",
                "GATEWAY_TRACKING_LEASE_PREFIX", "image-gateway-it-upstream:lease:")).start();
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
        vertx.close();
    }

    static GatewayProcess replica(String name) throws Exception {
        return new GatewayProcess(name, Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/gateway_test",
                "QUARKUS_DATASOURCE_JDBC_URL", DB,
                "GATEWAY_UPSTREAM_URL", upstream.url() + "/simulator",
                "GATEWAY_SECRET", "it-shared-secret",
                "GATEWAY_FEED_CHANNEL", "image-gateway-it:changes",
                "GATEWAY_TRACKING_FIRST_POLL", "200ms",
                "GATEWAY_TRACKING_MAX_POLL_INTERVAL", "500ms",
                "GATEWAY_TRACKING_LEASE_TIME", "3s",
                "GATEWAY_TRACKING_SCAN_INTERVAL", "500ms")).start();
    }

    @Test
    void aSubscriberOnBSeesEveryChangeOfATaskCreatedOnA() throws Exception {
        try (GatewayProcess a = replica("a1"); GatewayProcess b = replica("b1")) {
            String key = newKey();
            String id = generate(a, key, "across replicas sim:duration=2500");
            List<Response> received = new CopyOnWriteArrayList<>();
            AtomicBoolean done = new AtomicBoolean();
            try (DynamicGraphQLClient client = new VertxDynamicGraphQLClientBuilder().vertx(vertx)
                    .url(b.url() + "/graphql").subprotocols(WebsocketSubprotocol.GRAPHQL_WS)
                    .initPayload(Map.of("Authorization", "Bearer " + key)).build()) {
                client.subscription(Documents.SUBSCRIBE, Map.of("id", id)).subscribe()
                        .with(received::add, failure -> done.set(true), () -> done.set(true));
                await().atMost(Duration.ofSeconds(20)).untilTrue(done);
            }
            List<String> updated = received.stream()
                    .map(r -> r.getData().getJsonObject("task").getString("updatedAt")).toList();
            List<String> statuses = received.stream()
                    .map(r -> r.getData().getJsonObject("task").getString("status")).toList();
            assertThat(statuses).last().isEqualTo("SUCCEEDED");
            assertThat(statuses.size()).isGreaterThan(2);
            assertThat(updated).doesNotHaveDuplicates().isSorted();
        }
    }

    @Test
    void killingTheTrackingReplicaHandsTheTaskOver() throws Exception {
        try (GatewayProcess a = replica("a2"); GatewayProcess b = replica("b2")) {
            String key = newKey();
            String id = generate(a, key, "survives a crash sim:duration=6000");
            GatewayProcess tracker = await().atMost(Duration.ofSeconds(5))
                    .until(() -> tracked(a) > 0 ? a : tracked(b) > 0 ? b : null, p -> p != null);
            GatewayProcess survivor = tracker == a ? b : a;

            tracker.kill();

            JsonPath done = awaitEnd(survivor, key, id, Duration.ofSeconds(30));
            assertThat(done.getString("data.task.status")).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void upstreamPollsPerTaskDoNotGrowWithReplicas() throws Exception {
        int alone;
        int together;
        try (GatewayProcess a = replica("a3")) {
            alone = pollsFor(a, "counted alone sim:duration=3000");
        }
        try (GatewayProcess a = replica("a4"); GatewayProcess b = replica("b4")) {
            together = pollsFor(a, "counted together sim:duration=3000");
        }
        assertThat(alone).isPositive();
        assertThat(together).isBetween(alone - 2, alone + 2);
    }

    @Test
    void aTaskInFlightWhenTheServiceStopsCompletesAfterItStartsAgain() throws Exception {
        try (GatewayProcess a = replica("a5")) {
            String key = newKey();
            String id = generate(a, key, "outlives a restart sim:duration=6000");
            a.stop();
            a.start();
            assertThat(awaitEnd(a, key, id, Duration.ofSeconds(30)).getString("data.task.status"))
                    .isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void twentyIdenticalRequestsOnTwoReplicasCostOneGeneration() throws Exception {
        try (GatewayProcess a = replica("a6"); GatewayProcess b = replica("b6")) {
            String key = newKey();
            Map<String, Object> input = Map.of("prompt", "twins " + UUID.randomUUID() + " sim:duration=2000",
                    "seed", 7);
            int creates = upstreamCreates();

            List<CompletableFuture<JsonPath>> calls = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> post(i % 2 == 0 ? a : b, key, Documents.GENERATE, Map.of("input", input))))
                    .toList();
            List<String> ids = calls.stream().map(CompletableFuture::join)
                    .map(answer -> answer.getString("data.generateImage.id")).toList();

            assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
            List<JsonPath> ends = ids.stream().map(id -> awaitEnd(b, key, id, Duration.ofSeconds(30))).toList();
            assertThat(upstreamCreates() - creates).isEqualTo(1);
            assertThat(ends).allSatisfy(end -> assertThat(end.getString("data.task.status")).isEqualTo("SUCCEEDED"));
            assertThat(ends.stream().map(end -> end.getList("data.task.images.url")).distinct()).hasSize(1);
            assertThat(ends.stream().mapToInt(end -> end.getInt("data.task.creditsCharged")).sum()).isEqualTo(8);
            assertThat(ends.stream().filter(end -> end.getBoolean("data.task.cached")).count()).isEqualTo(19);

            JsonPath repeat = post(a, key, Documents.GENERATE, Map.of("input", input));
            assertThat(repeat.getBoolean("data.generateImage.cached")).isTrue();
            assertThat(post(b, newKey(), Documents.GENERATE, Map.of("input", input))
                    .getBoolean("data.generateImage.cached")).isFalse();
        }
    }

    static int upstreamCreates() {
        return given().get(upstream.url() + "/simulator/control/stats").jsonPath().getInt("creates");
    }

    private int pollsFor(GatewayProcess replica, String prompt) throws Exception {
        String key = newKey();
        String id = generate(replica, key, prompt);
        awaitEnd(replica, key, id, Duration.ofSeconds(20));
        Object polls = given().get(upstream.url() + "/simulator/control/stats").jsonPath().getMap("polls")
                .get(upstreamTaskId(id));
        return ((Number) polls).intValue();
    }

    static String upstreamTaskId(String taskId) throws Exception {
        try (Connection connection = DriverManager.getConnection(DB, "gateway", "gateway");
                PreparedStatement query = connection.prepareStatement("select upstream_task_id from task where id = ?")) {
            query.setString(1, taskId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    static int tracked(GatewayProcess replica) {
        return given().get(replica.url() + "/q/health/ready").jsonPath()
                .getInt("checks.find { it.name == 'gateway' }.data.trackedTasks");
    }

    static String newKey() {
        return "aio_it_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String generate(GatewayProcess replica, String key, String prompt) {
        JsonPath answer = post(replica, key, Documents.GENERATE, Map.of("input", Map.of("prompt", prompt)));
        assertThat(answer.getList("errors")).isNull();
        return answer.getString("data.generateImage.id");
    }

    static JsonPath awaitEnd(GatewayProcess replica, String key, String id, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> post(replica, key, Documents.TASK, Map.of("id", id)),
                        answer -> List.of("SUCCEEDED", "FAILED").contains(answer.getString("data.task.status")));
    }

    static JsonPath post(GatewayProcess replica, String key, String document, Map<String, Object> variables) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key)
                .body(Map.of("query", document, "variables", variables))
                .post(replica.url() + "/graphql").then().statusCode(200).extract().jsonPath();
    }
}
