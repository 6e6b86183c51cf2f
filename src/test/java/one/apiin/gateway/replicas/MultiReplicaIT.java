package one.apiin.gateway.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
import io.vertx.core.json.JsonObject;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.generation.Fingerprint;
import one.apiin.gateway.generation.GenerationRequest;
import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.GatewayKeysForTests;
import one.apiin.gateway.support.Tokens;

/**
 * Several replicas of the packaged service sharing PostgreSQL and Redis, with a third process as the upstream
 * (its built-in simulator, on its own database and channels so that it tracks nothing of theirs).
 */
class MultiReplicaIT {

    static final String DB = "jdbc:postgresql://127.0.0.1:5432/gateway_test";
    static final String SECRET = "it-shared-secret-of-the-two-replicas-0123456789";
    /** This run's own names in the shared Redis. */
    static final String RUN = UUID.randomUUID().toString();
    static final String UPSTREAM_SECRET = "it-secret-of-the-upstream-process-0123456789";
    static GatewayProcess upstream;
    static Vertx vertx;

    @BeforeAll
    static void startUpstream() throws Exception {
        vertx = Vertx.vertx();
        upstream = new GatewayProcess("upstream", Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/gateway",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/gateway",
                "GATEWAY_UPSTREAM_URL", "builtin",
                "QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "4",
                "GATEWAY_SECRET", UPSTREAM_SECRET,
                "GATEWAY_FEED_CHANNEL", "image-gateway-it-upstream:changes",
                "GATEWAY_TRACKING_LEASE_PREFIX", "image-gateway-it-upstream:lease:")).start();
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        if (sharedA != null) {
            sharedA.close();
        }
        if (sharedB != null) {
            sharedB.close();
        }
        upstream.close();
        vertx.close();
    }

    /** Two replicas shared by the tests that leave them as they found them (restarted when a test killed one). */
    static GatewayProcess sharedA;
    static GatewayProcess sharedB;

    static void sharedPair() throws Exception {
        if (sharedA == null || !sharedA.alive()) {
            sharedA = replica("shared-a");
        }
        if (sharedB == null || !sharedB.alive()) {
            sharedB = replica("shared-b");
        }
        given().post(upstream.url() + "/simulator/control/reset").then().statusCode(204);
    }

    static GatewayProcess replica(String name) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/gateway_test");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", DB);
        // Up to four replicas (the shared pair and a test's own) and the upstream run at once: with the default pool
        // (20 each, and 2 for migrations) they would take more than PostgreSQL's default 100 connections.
        env.put("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "12");
        env.put("GATEWAY_UPSTREAM_URL", upstream.url() + "/simulator");
        env.put("GATEWAY_SECRET", SECRET);
        env.put("GATEWAY_FEED_CHANNEL", "image-gateway-it:changes");
        // Generation times learned by this run only: Redis keeps what earlier runs taught (a model that learned 4 s
        // polls a 2.5 s generation fewer times, and a subscriber then sees fewer of its changes).
        env.put("GATEWAY_TRACKING_DURATION_PREFIX", "image-gateway-it-" + RUN + ":duration:");
        env.put("GATEWAY_TRACKING_FIRST_POLL", "200ms");
        env.put("GATEWAY_TRACKING_MAX_POLL_INTERVAL", "500ms");
        env.put("GATEWAY_TRACKING_LEASE_TIME", "3s");
        env.put("GATEWAY_TRACKING_SCAN_INTERVAL", "500ms");
        // Every way in, as a frontend deployment would have it; tokens are signed by the tests' own key pair.
        env.put("GATEWAY_AUTH_MODES", "pass-through,jwt,gateway-key");
        env.put("GATEWAY_UPSTREAM_API_KEY", GATEWAY_UPSTREAM_KEY);
        env.put("MP_JWT_VERIFY_PUBLICKEY", publicKeyPem());
        env.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
        env.put("GATEWAY_RATE_LIMIT_PREFIX", "image-gateway-it:rate:");
        return new GatewayProcess(name, env).start();
    }

    static final String GATEWAY_UPSTREAM_KEY = "aio_it_gateway_own_key";

    static String publicKeyPem() throws IOException {
        return Files.readString(Path.of("src", "test", "resources", "jwt", "test-public.pem"));
    }

    @Test
    void aSubscriberOnBSeesEveryChangeOfATaskCreatedOnA() throws Exception {
        try (GatewayProcess a = replica("a1"); GatewayProcess b = replica("b1")) {
            String key = newKey();
            // Long enough for a subscription to a replica just started: its first websocket and first execution took
            // over 3 s on a slow machine, and a 2.5 s generation had then ended before the subscriber's first state.
            String id = generate(a, key, "across replicas sim:duration=6000");
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
            List<CompletableFuture<JsonPath>> calls = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> post(i % 2 == 0 ? a : b, key, Documents.GENERATE, Map.of("input", input))))
                    .toList();
            List<String> ids = calls.stream().map(CompletableFuture::join)
                    .map(answer -> answer.getString("data.generateImage.id")).toList();

            assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
            List<JsonPath> ends = ids.stream().map(id -> awaitEnd(b, key, id, Duration.ofSeconds(30))).toList();
            // Counted on these tasks (the upstream's own counter also sees what other replicas do meanwhile).
            assertThat(generationsOf(ids)).isEqualTo(1);
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

    @Test
    void aReplicaKilledDuringASlowCreationNeverCreatesItAgain() throws Exception {
        sharedPair();
        String key = newKey();
        // The upstream takes 8 s to answer; the replica that asked dies meanwhile.
        CompletableFuture.runAsync(() -> {
            try {
                post(sharedA, key, Documents.GENERATE, Map.of("input", Map.of("prompt", "slow sim:createDelay=8000")));
            } catch (RuntimeException expected) {
                // The connection dies with the replica.
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> upstreamCreates() == 1);
        String id = await().atMost(Duration.ofSeconds(5)).until(() -> post(sharedB, key, Documents.TASKS, Map.of())
                .getString("data.tasks.edges[0].node.id"), found -> found != null);

        sharedA.kill();

        JsonPath done = awaitEnd(sharedB, key, id, Duration.ofSeconds(60));
        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isEqualTo("UPSTREAM_OUTCOME_UNKNOWN");
        assertThat(upstreamCreates()).isEqualTo(1);
    }

    @Test
    void everyUnfinishedTaskOfAKilledReplicaFinishesOnTheSurvivor() throws Exception {
        sharedPair();
        String key = newKey();
        // More than one scan page (200): the survivor must page through them all.
        List<String> ids = IntStream.range(0, 250)
                .mapToObj(i -> generate(sharedA, key, "one of many " + i + " sim:duration=12000")).toList();
        assertThat(ids).doesNotHaveDuplicates();

        sharedA.kill();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> statuses(sharedB, key).getOrDefault("SUCCEEDED", 0L) == 250L);
        assertThat(upstreamCreates()).isEqualTo(250);
    }

    @Test
    void identicalRequestsRefusedWith402OnTwoReplicasAllSeeInsufficientCredits() throws Exception {
        sharedPair();
        String key = newKey();
        Map<String, Object> input = Map.of("prompt", "no credits " + UUID.randomUUID() + " sim:402", "seed", 3);

        List<JsonPath> answers = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> post(i % 2 == 0 ? sharedA : sharedB, key, Documents.GENERATE, Map.of("input", input))))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(answers).allSatisfy(answer -> {
            String refusal = answer.getString("errors[0].extensions.code");
            String id = answer.getString("data.generateImage.id");
            String seen = refusal != null ? refusal
                    : awaitEnd(sharedB, key, id, Duration.ofSeconds(20)).getString("data.task.error.code");
            assertThat(seen).isEqualTo("INSUFFICIENT_CREDITS");
        });
        assertThat(upstreamCreates()).isZero();
    }

    /**
     * Issue 19's ledger on two replicas: a mixed run of the cases whose outcome the upstream's answers prove (without
     * callbacks, as this pair runs), each under a key of its own and sent to both replicas in turn. For every key the
     * credits its tasks were charged equal what the upstream billed it, and no key made more than one generation.
     */
    @Test
    void aMixedRunOnTwoReplicasChargesWhatTheUpstreamBilledAndCreatesOnce() throws Exception {
        sharedPair();
        String run = UUID.randomUUID().toString();
        // name -> (prompt, model, numImages, identical requests, credits expected)
        record Case(String name, String prompt, String model, int numImages, int requests, long credits) {
        }
        List<Case> cases = List.of(
                new Case("plain", "plain " + run, "imagen4", 1, 1, 8),
                new Case("two fast images", "two fast " + run, "imagen4-fast", 2, 1, 8),
                new Case("failed upstream", "failing " + run + " sim:fail", "imagen4", 1, 1, 0),
                new Case("six identical over both replicas", "shared " + run + " sim:duration=1500", "imagen4", 1, 6, 8),
                new Case("first two polls 404", "not known yet " + run + " sim:poll404=2", "imagen4", 1, 1, 8),
                new Case("fewer images than asked", "one of two " + run + " sim:fewer=1", "imagen4-fast", 2, 1, 4),
                new Case("images in the create answer", "at once " + run + " sim:create=images", "imagen4", 1, 1, 8),
                new Case("images at creation, no task id", "at once, no id " + run + " sim:create=imagesnoid",
                        "imagen4", 1, 1, 8),
                new Case("inline images", "inline " + run + " sim:b64", "imagen4", 1, 1, 8));
        Map<String, String> keys = new HashMap<>();
        cases.forEach(c -> keys.put(c.name(), newKey()));
        List<CompletableFuture<List<String>>> sent = new java.util.ArrayList<>();
        for (int n = 0; n < cases.size(); n++) {
            Case c = cases.get(n);
            int first = n;
            sent.add(CompletableFuture.supplyAsync(() -> IntStream.range(0, c.requests()).parallel()
                    .mapToObj(i -> post((first + i) % 2 == 0 ? sharedA : sharedB, keys.get(c.name()),
                            Documents.GENERATE, Map.of("input", Map.of("prompt", c.prompt(), "model", c.model(),
                                    "numImages", c.numImages(), "seed", 5))))
                    .map(answer -> {
                        assertThat(answer.getList("errors")).as(c.name()).isNull();
                        return answer.getString("data.generateImage.id");
                    }).toList()));
        }
        long chargedInAll = 0;
        for (int n = 0; n < cases.size(); n++) {
            Case c = cases.get(n);
            String key = keys.get(c.name());
            long charged = 0;
            for (String id : sent.get(n).join()) {
                // Read on the replica the request did not go to first, as a frontend behind a load balancer would.
                JsonPath end = awaitEnd(n % 2 == 0 ? sharedB : sharedA, key, id, Duration.ofSeconds(40));
                charged += end.getLong("data.task.creditsCharged");
            }
            chargedInAll += charged;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(upstreamBilled(key))
                    .as("%s: billed", c.name()).isEqualTo(c.credits()));
            assertThat(charged).as("%s: charged", c.name()).isEqualTo(c.credits());
            assertThat(upstreamCreates(key)).as("%s: generations", c.name()).isEqualTo(1);
        }
        assertThat(chargedInAll).isEqualTo(cases.stream().mapToLong(Case::credits).sum());
    }

    static long upstreamBilled(String apiKey) {
        return byKey("billedByKey", apiKey);
    }

    static long upstreamCreates(String apiKey) {
        return byKey("createsByKey", apiKey);
    }

    private static long byKey(String counters, String apiKey) {
        Object count = given().get(upstream.url() + "/simulator/control/stats").jsonPath().getMap(counters)
                .get(ApiKeys.sha256Hex(apiKey).substring(0, 16));
        return count == null ? 0 : ((Number) count).longValue();
    }

    @Test
    void twentyIdenticalRequestsRacingAStaleMarkerMakeOneGeneration() throws Exception {
        sharedPair();
        String key = newKey();
        String prompt = "after a crash " + UUID.randomUUID() + " sim:duration=1500";
        // A marker left by a replica that died before storing its task.
        Redis.set("image-gateway:inflight:owner-" + ApiKeys.sha256Hex(key) + ":" + fingerprint(prompt, 11),
                "tsk_lost_with_its_replica|1");

        List<String> ids = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(i % 2 == 0 ? sharedA : sharedB, key,
                        Documents.GENERATE, Map.of("input", Map.of("prompt", prompt, "seed", 11)))))
                .toList().stream().map(CompletableFuture::join)
                .map(answer -> answer.getString("data.generateImage.id")).toList();

        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        List<JsonPath> ends = ids.stream().map(id -> awaitEnd(sharedB, key, id, Duration.ofSeconds(30))).toList();
        assertThat(ends.stream().map(end -> end.getString("data.task.status")))
                .as("errors %s, upstream creations %d",
                        ends.stream().map(end -> end.getString("data.task.error")).toList(), upstreamCreates())
                .containsOnly("SUCCEEDED");
        assertThat(upstreamCreates()).isEqualTo(1);
    }

    @Test
    void productionServesNeitherTheSimulatorNorHealthOnThePublicPort() throws Exception {
        sharedPair();
        String key = newKey();
        given().contentType(ContentType.JSON).header("Authorization", "Bearer aio_anything")
                .body(Map.of("model", "imagen4", "prompt", "free images?", "callback_url", "http://169.254.169.254/"))
                .post(sharedA.url() + "/simulator/api/v1/images/generations").then().statusCode(404);
        given().get(sharedA.url() + "/simulator/images/anything.png").then().statusCode(404);
        given().get(sharedA.url() + "/simulator/control/stats").then().statusCode(404);
        given().get(sharedA.url() + "/q/health/ready").then().statusCode(404);
        given().get(sharedA.url() + "/q/metrics").then().statusCode(404);
        given().get(sharedA.managementUrl() + "/q/health/ready").then().statusCode(200);
        given().get(sharedA.managementUrl() + "/q/metrics").then().statusCode(200);
        given().get(sharedA.url() + "/graphql/schema.graphql").then().statusCode(200);
        // Client mistakes are answered, and not logged as the server's errors.
        String before = sharedA.log();
        post(sharedA, key, Documents.GENERATE, Map.of("input", Map.of("prompt", "x")));
        post(sharedA, key, "{ nope }", Map.of());
        post(sharedA, key, Documents.GENERATE, Map.of("input", Map.of("prompt", "no credits sim:402")));
        String after = sharedA.log().substring(before.length());
        assertThat(after).doesNotContain("ERROR").doesNotContain("SRGQL012000");
    }

    @Test
    void productionRefusesToStartWithoutASecret() throws Exception {
        GatewayProcess unsafe = new GatewayProcess("no-secret", Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/gateway_test",
                "QUARKUS_DATASOURCE_JDBC_URL", DB,
                "GATEWAY_UPSTREAM_URL", upstream.url() + "/simulator"));
        GatewayProcess short_ = new GatewayProcess("short-secret", Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/gateway_test",
                "QUARKUS_DATASOURCE_JDBC_URL", DB,
                "GATEWAY_UPSTREAM_URL", upstream.url() + "/simulator",
                "GATEWAY_SECRET", "only-twenty-characters"));

        assertThat(unsafe.startExpectingExit()).isNotZero();
        assertThat(unsafe.log()).contains("GATEWAY_SECRET must be set");
        assertThat(short_.startExpectingExit()).isNotZero();
        assertThat(short_.log()).contains("at least 32 characters");
    }

    @Test
    void anIdempotentRetryOnEitherReplicaReturnsTheSameTaskAndPaysOnce() throws Exception {
        sharedPair();
        String key = newKey();
        String idempotencyKey = "checkout-" + UUID.randomUUID();
        Map<String, Object> input = Map.of("prompt", "a retried lighthouse " + UUID.randomUUID() + " sim:duration=1500",
                "idempotencyKey", idempotencyKey);
        // A client that timed out retries at once, through the load balancer, while its first request is in flight.
        List<JsonPath> answers = concurrently(10, i -> post(i % 2 == 0 ? sharedA : sharedB, key, Documents.GENERATE,
                Map.of("input", input)));
        List<String> ids = answers.stream().map(answer -> answer.getString("data.generateImage.id")).distinct()
                .toList();
        assertThat(ids).as(answers.stream().map(JsonPath::prettify).toList().toString()).hasSize(1)
                .doesNotContainNull();
        String id = ids.get(0);
        JsonPath end = awaitEnd(sharedA, key, id, Duration.ofSeconds(30));
        assertThat(end.getString("data.task.status")).isEqualTo("SUCCEEDED");

        // After the end, on the other replica: the same task, not a new one.
        assertThat(post(sharedB, key, Documents.GENERATE, Map.of("input", input)).getString("data.generateImage.id"))
                .isEqualTo(id);
        // The same key with another input is the client's mistake, said as such.
        JsonPath reused = post(sharedA, key, Documents.GENERATE, Map.of("input",
                Map.of("prompt", "another lighthouse " + UUID.randomUUID(), "idempotencyKey", idempotencyKey)));
        assertThat(reused.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(upstreamCreates(key)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstreamBilled(key) == 8);
        assertThat(end.getInt("data.task.creditsCharged")).isEqualTo(8);
    }

    /** The owner's task count by status (every page). */
    @Test
    void aBudgetIsSpentExactlyByConcurrentRequestsSplitOverBothReplicas() throws Exception {
        sharedPair();
        String key = issueKey(sharedA, "budgetCredits", 40);
        // imagen4 costs 8 a generation: 40 credits make exactly 5, however the 24 requests interleave.
        List<JsonPath> answers = concurrently(24, i -> post(i % 2 == 0 ? sharedA : sharedB, key, Documents.GENERATE,
                Map.of("input", Map.of("prompt", "budget race " + i + " sim:duration=1500"))));
        List<JsonPath> accepted = answers.stream().filter(answer -> answer.getList("errors") == null).toList();
        assertThat(accepted).hasSize(5);
        assertThat(answers).filteredOn(answer -> answer.getList("errors") != null)
                .allSatisfy(answer -> assertThat(answer.getString("errors[0].extensions.code"))
                        .isEqualTo("INSUFFICIENT_CREDITS"));
        accepted.forEach(answer -> awaitEnd(sharedB, key, answer.getString("data.generateImage.id"), Duration.ofSeconds(30)));
        JsonPath usage = post(sharedB, key, "{ usage { creditsSpent remainingCredits budgetCredits } }", Map.of());
        assertThat(usage.getInt("data.usage.creditsSpent")).isEqualTo(40);
        assertThat(usage.getInt("data.usage.remainingCredits")).isZero();
        assertThat(upstreamBilled()).isEqualTo(40);
    }

    @Test
    void aRateLimitHoldsExactlyAcrossBothReplicas() throws Exception {
        sharedPair();
        String key = issueKey(sharedB, "rateLimitPerMinute", 10);
        String prompt = "rate race " + UUID.randomUUID();
        List<JsonPath> answers = concurrently(30, i -> post(i % 2 == 0 ? sharedA : sharedB, key, Documents.GENERATE,
                Map.of("input", Map.of("prompt", prompt, "seed", 9))));
        assertThat(answers).filteredOn(answer -> answer.getList("errors") == null).hasSize(10);
        assertThat(answers).filteredOn(answer -> answer.getList("errors") != null).hasSize(20)
                .allSatisfy(answer -> {
                    assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("RATE_LIMITED");
                    assertThat(answer.getInt("errors[0].extensions.retryAfterSeconds")).isBetween(1, 60);
                });
    }

    /** Issue 18: a result is kept by the gateway, so it outlives the upstream's URL, on either replica. */
    @Test
    void aKeptImageIsServedByBothReplicasFromTaskAndCacheAfterItsUpstreamUrlExpired() throws Exception {
        sharedPair();
        String key = newKey();
        Map<String, Object> input = Map.of("prompt", "kept across replicas sim:expire=3000 " + UUID.randomUUID(),
                "seed", 5);
        JsonPath first = post(sharedA, key, Documents.GENERATE, Map.of("input", input));
        JsonPath ended = awaitEnd(sharedA, key, first.getString("data.generateImage.id"), Duration.ofSeconds(20));
        assertThat(ended.getString("data.task.images[0].storage")).as(ended.prettify()).isEqualTo("KEPT");
        String path = pathOf(ended.getString("data.task.images[0].url"));
        JsonPath onB = post(sharedB, key, Documents.TASK, Map.of("id", first.getString("data.generateImage.id")));
        assertThat(pathOf(onB.getString("data.task.images[0].url"))).isEqualTo(path);
        assertThat(onB.getString("data.task.images[0].url")).startsWith(sharedB.url());
        String upstreamUrl = upstreamImageUrl(first.getString("data.generateImage.id"));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get(upstreamUrl).statusCode() == 404);

        JsonPath hit = post(sharedB, key, Documents.GENERATE, Map.of("input", input));
        assertThat(hit.getBoolean("data.generateImage.cached")).isTrue();
        String hitPath = pathOf(hit.getString("data.generateImage.images[0].url"));
        byte[] bytes = given().get(sharedA.url() + path).then().statusCode(200).extract().asByteArray();
        for (GatewayProcess replica : List.of(sharedA, sharedB)) {
            for (String kept : List.of(path, hitPath)) {
                assertThat(given().get(replica.url() + kept).then().statusCode(200).extract().asByteArray())
                        .as(replica.url() + kept).isEqualTo(bytes);
            }
        }
    }

    /** The simulator's URL of a task's first image, as its last status answer (stored with the task) gave it. */
    private static String upstreamImageUrl(String taskId) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(DB, "gateway", "gateway");
                var statement = connection.prepareStatement("select upstream_raw from task where id = ?")) {
            statement.setString(1, taskId);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                var url = java.util.regex.Pattern.compile("(http://[^\"]+/simulator/images/[^\"]+)")
                        .matcher(rows.getString(1));
                assertThat(url.find()).isTrue();
                return url.group(1);
            }
        }
    }

    private static String pathOf(String url) {
        return URI.create(url).getRawPath();
    }

    @Test
    void cacheHitsOnEitherReplicaCostNoBudget() throws Exception {
        sharedPair();
        String key = issueKey(sharedA, "budgetCredits", 8);
        Map<String, Object> input = Map.of("prompt", "a cached lighthouse " + UUID.randomUUID(), "seed", 21);
        JsonPath first = post(sharedA, key, Documents.GENERATE, Map.of("input", input));
        awaitEnd(sharedA, key, first.getString("data.generateImage.id"), Duration.ofSeconds(20));
        for (GatewayProcess replica : List.of(sharedA, sharedB, sharedB, sharedA)) {
            JsonPath hit = post(replica, key, Documents.GENERATE, Map.of("input", input));
            assertThat(hit.getList("errors")).as(hit.prettify()).isNull();
            assertThat(hit.getBoolean("data.generateImage.cached")).isTrue();
        }
        JsonPath usage = post(sharedB, key, "{ usage { creditsSpent creditsSavedByCache remainingCredits } }", Map.of());
        assertThat(usage.getInt("data.usage.creditsSpent")).isEqualTo(8);
        assertThat(usage.getInt("data.usage.creditsSavedByCache")).isEqualTo(32);
        assertThat(usage.getInt("data.usage.remainingCredits")).isZero();
    }

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedOnTheOtherAndItsSubscriptionEnds() throws Exception {
        sharedPair();
        String admin = Tokens.admin();
        JsonPath created = post(sharedA, admin, GatewayKeysForTests.CREATE, Map.of("input", Map.of("name", "to revoke")));
        String key = created.getString("data.createApiKey.key");
        String keyId = created.getString("data.createApiKey.apiKey.id");
        String id = generate(sharedA, key, "a long lighthouse sim:duration=60000");

        List<Response> received = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        try (DynamicGraphQLClient client = new VertxDynamicGraphQLClientBuilder().vertx(vertx)
                .url(sharedB.url() + "/graphql").subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                .initPayload(Map.of("Authorization", "Bearer " + key)).build()) {
            client.subscription(Documents.SUBSCRIBE, Map.of("id", id)).subscribe()
                    .with(received::add, failure -> done.set(true), () -> done.set(true));
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            long revokedAt = System.nanoTime();
            assertThat(post(sharedA, admin, "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
                    Map.of("id", keyId)).getString("data.revokeApiKey.revokedAt")).isNotNull();
            assertThat(post(sharedB, key, Documents.TASK, Map.of("id", id)).getString("errors[0].extensions.code"))
                    .isEqualTo("UNAUTHENTICATED");
            await().atMost(Duration.ofSeconds(30)).untilTrue(done);
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(30));
        }
        Response last = received.get(received.size() - 1);
        assertThat(last.hasError()).isTrue();
        assertThat(last.getErrors().get(0).getExtensions()).containsEntry("code", "UNAUTHENTICATED");
    }

    @Test
    void tokenUsersReachUpstreamOnlyWithTheGatewaysKey() throws Exception {
        sharedPair();
        String token = Tokens.user();
        String id = generate(sharedB, token, "a token user's lighthouse on B");
        assertThat(awaitEnd(sharedA, token, id, Duration.ofSeconds(20)).getString("data.task.status"))
                .isEqualTo("SUCCEEDED");
        Map<String, Object> byKey = given().get(upstream.url() + "/simulator/control/stats").jsonPath().getMap("callsByKey");
        assertThat(byKey).containsKey(ApiKeys.sha256Hex(GATEWAY_UPSTREAM_KEY).substring(0, 16))
                .doesNotContainKey(ApiKeys.sha256Hex(token).substring(0, 16));
    }

    @Test
    void aSigtermedReplicaHandsItsTaskOverAtOnceAndItsSubscriberGetsTheEndElsewhere() throws Exception {
        try (GatewayProcess a = replica("a-term"); GatewayProcess b = replica("b-term")) {
            String key = newKey();
            String id = generate(a, key, "handed over sim:duration=9000");
            String upstreamId = upstreamTaskId(id);
            await().atMost(Duration.ofSeconds(5)).until(() -> polls(upstreamId) > 0);

            List<Response> onA = new CopyOnWriteArrayList<>();
            AtomicBoolean aEnded = new AtomicBoolean();
            try (DynamicGraphQLClient client = new VertxDynamicGraphQLClientBuilder().vertx(vertx)
                    .url(a.url() + "/graphql").subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                    .initPayload(Map.of("Authorization", "Bearer " + key)).build()) {
                client.subscription(Documents.SUBSCRIBE, Map.of("id", id)).subscribe()
                        .with(onA::add, failure -> aEnded.set(true), () -> aEnded.set(true));
                await().atMost(Duration.ofSeconds(10)).until(() -> !onA.isEmpty());

                long pollsBefore = polls(upstreamId);
                long sigterm = System.nanoTime();
                a.terminate();
                // At most one poll of A's was under way: two more mean B polls it.
                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                        .until(() -> polls(upstreamId) >= pollsBefore + 2);
                assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isLessThan(Duration.ofSeconds(3));
                await().atMost(Duration.ofSeconds(10)).untilTrue(aEnded);
            }
            assertThat(onA).noneMatch(response -> response.hasData() && !response.getData().isNull("task")
                    && "SUCCEEDED".equals(response.getData().getJsonObject("task").getString("status")));

            // The client reconnects elsewhere and gets the task's state first, then the end.
            List<String> onB = new CopyOnWriteArrayList<>();
            AtomicBoolean bEnded = new AtomicBoolean();
            try (DynamicGraphQLClient client = new VertxDynamicGraphQLClientBuilder().vertx(vertx)
                    .url(b.url() + "/graphql").subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                    .initPayload(Map.of("Authorization", "Bearer " + key)).build()) {
                client.subscription(Documents.SUBSCRIBE, Map.of("id", id)).subscribe()
                        .with(r -> onB.add(r.getData().getJsonObject("task").getString("status")),
                                failure -> bEnded.set(true), () -> bEnded.set(true));
                await().atMost(Duration.ofSeconds(30)).untilTrue(bEnded);
            }
            assertThat(onB).last().isEqualTo("SUCCEEDED");
            assertThat(a.exitsWithin(Duration.ofSeconds(30))).as("exits within the shutdown delay and timeout").isTrue();
            // Its websocket was closed: nothing was under way, so it did not wait the shutdown timeout out (each
            // websocket's upgrade request stayed counted for ever, and every such shutdown logged this ERROR).
            assertThat(a.log()).doesNotContain("Timed out waiting for graceful shutdown");
        }
    }

    @Test
    void aSigtermedReplicaEndsItsEventStreamsForTheirClientsToReconnectAndExitsWithoutWaiting() throws Exception {
        try (GatewayProcess a = replica("a-sse"); GatewayProcess b = replica("b-sse")) {
            String key = newKey();
            String id = generate(a, key, "streamed elsewhere sim:duration=6000");
            List<String> onA = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> aEnded = stream(a, key, id, null, onA);
            await().atMost(Duration.ofSeconds(10)).until(() -> onA.stream().anyMatch(line -> line.startsWith("data:")));

            a.terminate();

            // Ended by the replica, without complete: the client takes it as a dropped connection, not as the end.
            aEnded.get(30, TimeUnit.SECONDS);
            assertThat(onA).doesNotContain("event: complete").noneMatch(line -> line.contains("SUCCEEDED"));
            String lastId = onA.stream().filter(line -> line.startsWith("id: ")).reduce((x, y) -> y).orElseThrow()
                    .substring(4);
            assertThat(a.exitsWithin(Duration.ofSeconds(30))).isTrue();
            // A live stream was a request under way: the replica waited its whole shutdown timeout and logged this.
            assertThat(a.log()).doesNotContain("Timed out waiting for graceful shutdown");

            // Reconnected elsewhere with Last-Event-ID: the end arrives, then complete.
            List<String> onB = new CopyOnWriteArrayList<>();
            stream(b, key, id, lastId, onB).get(30, TimeUnit.SECONDS);
            assertThat(onB).anyMatch(line -> line.contains("SUCCEEDED")).contains("event: complete");
        }
    }

    /** A graphql-sse subscription to the task, its lines as they come; completes when the response ends. */
    static CompletableFuture<Void> stream(GatewayProcess replica, String key, String id, String lastEventId,
            List<String> lines) {
        String body = new JsonObject().put("query", Documents.SUBSCRIBE)
                .put("variables", new JsonObject().put("id", id)).encode();
        HttpRequest.Builder request = HttpRequest
                .newBuilder(URI.create(replica.url() + "/graphql")).header("Accept", "text/event-stream")
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
    }

    static long polls(String upstreamId) {
        Map<String, Object> polls = given().get(upstream.url() + "/simulator/control/stats").jsonPath().getMap("polls");
        Object count = polls.get(upstreamId);
        return count == null ? 0 : ((Number) count).longValue();
    }

    @Test
    void theManifestsProbesAreAnsweredByThePackagedJarWhichLogsJson() throws Exception {
        sharedPair();
        // Rendered by KubernetesManifestsTest (surefire runs before failsafe).
        com.fasterxml.jackson.databind.JsonNode rendered = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("target", "k8s", "prod.json").toFile());
        List<String> paths = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode object : rendered) {
            if (object.get("kind").asText().equals("Deployment")) {
                com.fasterxml.jackson.databind.JsonNode container = object.at("/spec/template/spec/containers/0");
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    paths.add(container.at("/" + probe + "/httpGet/path").asText());
                }
            }
        }
        assertThat(paths).hasSize(3);
        for (String path : paths) {
            given().get(sharedA.managementUrl() + path).then().statusCode(200);
            given().get(sharedA.url() + path).then().statusCode(404);
        }
        String firstLine = sharedA.log().lines().filter(line -> line.startsWith("{")).findFirst().orElseThrow();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(firstLine).has("level")).isTrue();
        // These replicas take tokens with an issuer but no audience (the prod overlay sets one): said once, at start.
        assertThat(sharedA.log().lines().filter(line -> line.contains("MP_JWT_VERIFY_AUDIENCES is not set")))
                .singleElement().asString().contains("\"level\":\"WARN\"");
    }

    static String issueKey(GatewayProcess replica, String setting, int value) {
        JsonPath created = post(replica, Tokens.admin(), GatewayKeysForTests.CREATE,
                Map.of("input", Map.of("name", "it key", setting, value)));
        assertThat(created.getList("errors")).as(created.prettify()).isNull();
        return created.getString("data.createApiKey.key");
    }

    /** Runs {@code count} calls at once, on as many threads (the common pool has one thread on two cores). */
    static <T> List<T> concurrently(int count, java.util.function.IntFunction<T> call) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<CompletableFuture<T>> futures = IntStream.range(0, count)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return call.apply(i);
                    }, pool)).toList();
            start.countDown();
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    static long upstreamBilled() {
        return given().get(upstream.url() + "/simulator/control/stats").jsonPath().getLong("billedCredits");
    }

    static Map<String, Long> statuses(GatewayProcess replica, String key) {
        Map<String, Long> counts = new HashMap<>();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            JsonPath page = post(replica, key, """
                    query Page($after: String) {
                      tasks(first: 100, after: $after) { edges { node { status } } pageInfo { hasNextPage endCursor } }
                    }
                    """, variables);
            page.getList("data.tasks.edges.node.status", String.class)
                    .forEach(status -> counts.merge(status, 1L, Long::sum));
            after = page.getBoolean("data.tasks.pageInfo.hasNextPage") ? page.getString("data.tasks.pageInfo.endCursor")
                    : null;
        } while (after != null);
        return counts;
    }

    /** The fingerprint the gateway gives a seeded prompt on the default model, ratio and count. */
    static String fingerprint(String prompt, int seed) {
        ImageModel imagen4 = new ImageModel("imagen4", "imagen-4", "Imagen 4", 8, List.of("1:1"), 4, true, true);
        return Fingerprint.of(new GenerationRequest(imagen4, prompt.strip(), null, "1:1", 1, seed)).orElseThrow();
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

    /** How many upstream generations these tasks made: those with an upstream id of their own. */
    static int generationsOf(List<String> taskIds) {
        try (Connection connection = DriverManager.getConnection(DB, "gateway", "gateway");
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from task where id = any(?) and upstream_task_id is not null")) {
            query.setArray(1, connection.createArrayOf("varchar", taskIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
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
        return given().get(replica.managementUrl() + "/q/health/ready").jsonPath()
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
