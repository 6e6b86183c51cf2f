package one.apiin.gateway.cache;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.concurrently;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.Generations.seeded;
import static one.apiin.gateway.support.Generations.with;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.generation.Fingerprint;
import one.apiin.gateway.generation.GenerationRequest;
import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

@QuarkusTest
class ResultCacheTest {

    @Inject
    RedisDataSource redis;

    @Test
    void aRepeatedSeededRequestIsAnsweredFromTheCacheAtNoCost() {
        String key = newKey();
        Map<String, Object> request = seeded("a cached lighthouse");
        JsonPath first = awaitEnd(key, generate(key, request).getString("data.generateImage.id"));
        assertThat(first.getInt("data.task.creditsCharged")).isEqualTo(8);
        int creates = Simulator.creates();

        JsonPath again = generate(key, request);

        assertThat(again.getString("data.generateImage.status")).isEqualTo("SUCCEEDED");
        assertThat(again.getBoolean("data.generateImage.cached")).isTrue();
        assertThat(again.getInt("data.generateImage.creditsCharged")).isZero();
        // The same kept bytes (same ETag), under a URL of the new task's own.
        List<String> urls = again.getList("data.generateImage.images.url");
        assertThat(urls).hasSameSizeAs(first.getList("data.task.images.url")).doesNotContainAnyElementsOf(
                first.getList("data.task.images.url"));
        assertThat(given().head(urls.get(0)).header("ETag")).isEqualTo(
                given().head(first.getString("data.task.images[0].url")).header("ETag"));
        assertThat(again.getString("data.generateImage.id")).isNotEqualTo(first.getString("data.task.id"));
        assertThat(Simulator.creates()).isEqualTo(creates);
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).hasSize(2);
        assertThat(post(key, Documents.TASK, Map.of("id", again.getString("data.generateImage.id")))
                .getBoolean("data.task.cached")).isTrue();
    }

    @Test
    void unseededOrDifferentRequestsMiss() {
        String key = newKey();
        String prompt = "a sometimes cached fox " + UUID.randomUUID();
        awaitEnd(key, generate(key, input("prompt", prompt, "seed", 1)).getString("data.generateImage.id"));
        int creates = Simulator.creates();

        JsonPath otherSeed = generate(key, input("prompt", prompt, "seed", 2));
        JsonPath noSeed = generate(key, input("prompt", prompt));

        assertThat(otherSeed.getBoolean("data.generateImage.cached")).isFalse();
        assertThat(noSeed.getBoolean("data.generateImage.cached")).isFalse();
        assertThat(Simulator.creates()).isEqualTo(creates + 2);
    }

    @Test
    void anotherKeyNeverSeesWhatThisOneGenerated() {
        Map<String, Object> request = seeded("a private seeded picture");
        String owner = newKey();
        awaitEnd(owner, generate(owner, request).getString("data.generateImage.id"));
        int creates = Simulator.creates();

        JsonPath stranger = generate(newKey(), request);

        assertThat(stranger.getBoolean("data.generateImage.cached")).isFalse();
        assertThat(stranger.getString("data.generateImage.status")).isEqualTo("RUNNING");
        assertThat(Simulator.creates()).isEqualTo(creates + 1);
    }

    @Test
    void bypassNeitherReadsNorWrites() {
        String key = newKey();
        Map<String, Object> request = seeded("a bypassed owl");
        awaitEnd(key, generate(key, with(request, "cache", "BYPASS")).getString("data.generateImage.id"));
        assertThat(redis.value(String.class).get(resultKey(key, request))).isNull();

        awaitEnd(key, generate(key, request).getString("data.generateImage.id"));
        int creates = Simulator.creates();
        JsonPath bypassed = generate(key, with(request, "cache", "BYPASS"));

        assertThat(bypassed.getBoolean("data.generateImage.cached")).isFalse();
        assertThat(Simulator.creates()).isEqualTo(creates + 1);
    }

    @Test
    void refreshGeneratesAnewAndReplacesTheEntry() {
        String key = newKey();
        Map<String, Object> request = seeded("a refreshed heron");
        String firstId = awaitEnd(key, generate(key, request).getString("data.generateImage.id")).getString("data.task.id");
        assertThat(redis.value(String.class).get(resultKey(key, request))).contains(firstId);
        int creates = Simulator.creates();

        JsonPath refreshed = generate(key, with(request, "cache", "REFRESH"));
        String refreshedId = refreshed.getString("data.generateImage.id");
        assertThat(refreshed.getBoolean("data.generateImage.cached")).isFalse();
        awaitEnd(key, refreshedId);

        assertThat(Simulator.creates()).isEqualTo(creates + 1);
        assertThat(redis.value(String.class).get(resultKey(key, request))).contains(refreshedId);
    }

    @Test
    void failuresAreNeverCached() {
        String key = newKey();
        Map<String, Object> request = seeded("a failing seeded one sim:fail");
        assertThat(awaitEnd(key, generate(key, request).getString("data.generateImage.id"))
                .getString("data.task.status")).isEqualTo("FAILED");
        int creates = Simulator.creates();

        JsonPath again = generate(key, request);

        assertThat(again.getBoolean("data.generateImage.cached")).isFalse();
        assertThat(Simulator.creates()).isEqualTo(creates + 1);
        assertThat(redis.value(String.class).get(resultKey(key, request))).isNull();
    }

    @Test
    void entriesExpire() {
        String key = newKey();
        Map<String, Object> request = seeded("an expiring crane");
        awaitEnd(key, generate(key, request).getString("data.generateImage.id"));
        long ttl = redis.key().pttl(resultKey(key, request));
        // Its images are kept: the entry lives as long as they do (GATEWAY_IMAGES_RETENTION, 30 days).
        assertThat(ttl).isBetween(29 * 86_400_000L, 30 * 86_400_000L);

        redis.key().pexpire(resultKey(key, request), 1);
        await().until(() -> redis.key().exists(resultKey(key, request)) ? null : true, done -> done != null);
        int creates = Simulator.creates();

        assertThat(generate(key, request).getBoolean("data.generateImage.cached")).isFalse();
        assertThat(Simulator.creates()).isEqualTo(creates + 1);
    }

    @Test
    void identicalRequestsInFlightShareOneGeneration() {
        String key = newKey();
        Map<String, Object> request = seeded("a shared generation sim:duration=1500");
        int creates = Simulator.creates();

        List<JsonPath> answers = concurrently(8, () -> generate(key, request));

        assertThat(Simulator.creates()).isEqualTo(creates + 1);
        List<JsonPath> ends = answers.stream()
                .map(answer -> awaitEnd(key, answer.getString("data.generateImage.id"))).toList();
        assertThat(ends).allSatisfy(end -> assertThat(end.getString("data.task.status")).isEqualTo("SUCCEEDED"));
        assertThat(ends.stream().map(end -> end.getList("data.task.images.url")).distinct()).hasSize(1);
        assertThat(ends.stream().mapToInt(end -> end.getInt("data.task.creditsCharged")).sum()).isEqualTo(8);
        assertThat(ends.stream().filter(end -> end.getBoolean("data.task.cached")).count()).isEqualTo(7);
    }

    @Test
    void whenTheSharedGenerationFailsEveryAttachedTaskFails() {
        String key = newKey();
        Map<String, Object> request = seeded("a shared failure sim:fail sim:duration=1500");
        int creates = Simulator.creates();

        List<JsonPath> answers = concurrently(4, () -> generate(key, request));

        assertThat(Simulator.creates()).isEqualTo(creates + 1);
        assertThat(answers).allSatisfy(answer -> {
            JsonPath end = awaitEnd(key, answer.getString("data.generateImage.id"));
            assertThat(end.getString("data.task.status")).isEqualTo("FAILED");
            assertThat(end.getString("data.task.error.code")).isEqualTo("UPSTREAM_FAILED");
            assertThat(end.getInt("data.task.creditsCharged")).isZero();
        });
    }

    @Test
    void aMarkerLeftByACrashedReplicaDoesNotBlock() {
        String key = newKey();
        Map<String, Object> request = seeded("after a crash");
        redis.value(String.class).set(inflightKey(key, request), "tsk_left_behind_by_a_dead_replica");

        JsonPath answer = generate(key, request);

        assertThat(answer.getBoolean("data.generateImage.cached")).isFalse();
        assertThat(awaitEnd(key, answer.getString("data.generateImage.id")).getString("data.task.status"))
                .isEqualTo("SUCCEEDED");
    }

    private static String resultKey(String apiKey, Map<String, Object> request) {
        return "image-gateway-test:result:owner-" + ApiKeys.sha256Hex(apiKey) + ":" + fingerprint(request);
    }

    private static String inflightKey(String apiKey, Map<String, Object> request) {
        return "image-gateway-test:inflight:owner-" + ApiKeys.sha256Hex(apiKey) + ":" + fingerprint(request);
    }

    /** The default model (imagen4), ratio and count, as the gateway fills them in. */
    private static String fingerprint(Map<String, Object> request) {
        var model = new ImageModel("imagen4", "imagen-4", "Imagen 4", 8,
                List.of("1:1"), 4, true, true);
        return Fingerprint.of(new GenerationRequest(model,
                ((String) request.get("prompt")).strip(), null, "1:1", 1, (Integer) request.get("seed"))).orElseThrow();
    }
}
