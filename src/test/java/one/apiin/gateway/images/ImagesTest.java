package one.apiin.gateway.images;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.Generations.seeded;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.EndedTasks;
import one.apiin.gateway.support.Management;
import one.apiin.gateway.support.Rows;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.task.NewTask;
import one.apiin.gateway.task.TaskImage;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;

/** Kept images (the default postgres store): copied once, served from the gateway's own URLs, past the upstream's. */
@QuarkusTest
class ImagesTest {

    @Inject
    Pool pool;

    @Test
    void aResultStaysDownloadableFromTaskAndCacheAfterItsUpstreamUrlExpired() throws IOException {
        String key = newKey();
        Map<String, Object> request = seeded("a kept lighthouse sim:expire=3000");
        JsonPath ended = awaitEnd(key, generate(key, request).getString("data.generateImage.id"));
        assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
        String url = ended.getString("data.task.images[0].url");
        assertThat(url).matches("http://localhost:\\d+/images/[A-Za-z0-9_-]{32}\\.png");
        assertThat(ended.getString("data.task.images[0].storage")).isEqualTo("KEPT");

        String upstream = upstreamImageUrl(ended.getString("data.task.id"));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get(upstream).statusCode() == 404);

        byte[] kept = download(url);
        assertThat(ImageIO.read(new ByteArrayInputStream(kept)).getWidth()).isEqualTo(512);

        JsonPath hit = generate(key, request);
        assertThat(hit.getBoolean("data.generateImage.cached")).isTrue();
        String hitUrl = hit.getString("data.generateImage.images[0].url");
        assertThat(hitUrl).startsWith(url.substring(0, url.indexOf("/images/"))).isNotEqualTo(url);
        assertThat(download(hitUrl)).isEqualTo(kept);
        assertThat(given().get(hitUrl).header("ETag")).isEqualTo(given().get(url).header("ETag"));
    }

    @Test
    void dimensionsAndTypeAreReadFromTheBytesForEveryAspectRatio() throws IOException {
        String key = newKey();
        Map<String, int[]> sizes = Map.of("1:1", new int[] { 512, 512 }, "16:9", new int[] { 512, 288 },
                "9:16", new int[] { 288, 512 }, "4:3", new int[] { 512, 384 }, "3:4", new int[] { 384, 512 });
        for (Map.Entry<String, int[]> size : sizes.entrySet()) {
            JsonPath ended = awaitEnd(key, generate(key, input("prompt", "a ratio " + UUID.randomUUID(), "model",
                    "imagen4-fast", "aspectRatio", size.getKey())).getString("data.generateImage.id"));
            assertThat(ended.getInt("data.task.images[0].width")).as(size.getKey()).isEqualTo(size.getValue()[0]);
            assertThat(ended.getInt("data.task.images[0].height")).as(size.getKey()).isEqualTo(size.getValue()[1]);
            assertThat(ended.getString("data.task.images[0].mimeType")).isEqualTo("image/png");
            var image = ImageIO.read(new ByteArrayInputStream(download(ended.getString("data.task.images[0].url"))));
            assertThat(new int[] { image.getWidth(), image.getHeight() }).isEqualTo(size.getValue());
        }
    }

    @Test
    void identicalBytesAreStoredOnceAndEachOwnerHasItsOwnUrl() {
        Map<String, Object> request = seeded("the same picture for two owners");
        String first = newKey();
        String second = newKey();
        JsonPath a = awaitEnd(first, generate(first, request).getString("data.generateImage.id"));
        JsonPath b = awaitEnd(second, generate(second, request).getString("data.generateImage.id"));
        String urlA = a.getString("data.task.images[0].url");
        String urlB = b.getString("data.task.images[0].url");

        assertThat(urlA).isNotEqualTo(urlB);
        String etag = given().head(urlA).header("ETag");
        assertThat(given().head(urlB).header("ETag")).isEqualTo(etag);
        String hash = etag.replace("\"", "");
        assertThat(count("select count(*) from image_content where hash = $1", hash)).isEqualTo(1);
        assertThat(count("select count(*) from image_blob where hash = $1", hash)).isEqualTo(1);
        assertThat(count("select count(*) from image_ref where hash = $1", hash)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCreateAnswerCarryingTheImagesEndsSucceededBilledAndChargedOnce() {
        for (String marker : List.of("sim:create=images", "sim:create=imagesnoid")) {
            String key = newKey();
            int creates = Simulator.creates();
            long billed = Simulator.billedCredits(key);
            JsonPath answer = generate(key, input("prompt", "at once " + marker + " " + UUID.randomUUID(), "model",
                    "imagen4-fast", "numImages", 2));
            JsonPath ended = awaitEnd(key, answer.getString("data.generateImage.id"));

            assertThat(ended.getString("data.task.status")).as(marker).isEqualTo("SUCCEEDED");
            assertThat(ended.getInt("data.task.creditsCharged")).as(marker).isEqualTo(8);
            assertThat(ended.getList("data.task.images.storage")).as(marker).containsExactly("KEPT", "KEPT");
            assertThat(Simulator.creates() - creates).as(marker).isEqualTo(1);
            assertThat(Simulator.billedCredits(key) - billed).as(marker).isEqualTo(8);
        }
    }

    @Test
    void aCopyThatCannotBeMadeYetIsRetriedThenKept() {
        String key = newKey();
        // The upstream's image answers 503 for 12 s after the end: longer than the end waits for its copies (10 s).
        String id = generate(key, input("prompt", "a slow cdn sim:imagedelay=12000 " + UUID.randomUUID()))
                .getString("data.generateImage.id");
        JsonPath ended = awaitEnd(key, id);
        assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(ended.getString("data.task.images[0].storage")).isEqualTo("PENDING");
        assertThat(ended.getString("data.task.images[0].url")).contains("/simulator/images/");

        JsonPath kept = await().atMost(Duration.ofSeconds(30)).until(() -> post(key, Documents.TASK, Map.of("id", id)),
                answer -> "KEPT".equals(answer.getString("data.task.images[0].storage")));
        assertThat(download(kept.getString("data.task.images[0].url"))).isNotEmpty();
        assertThat(kept.getInt("data.task.images[0].width")).isEqualTo(512);
        // The copy changed the task, not its end: it was announced as ended once (metrics, cache, limits).
        assertThat(endings.times(id)).isEqualTo(1);
    }

    @Test
    void aCopyThatFailsForGoodIsReportedAndTheUpstreamUrlKept() {
        String key = newKey();
        // The upstream's URL is dead the moment the task ends: a 404 cannot get better.
        JsonPath ended = awaitEnd(key, generate(key, input("prompt", "a dead link sim:expire=0 " + UUID.randomUUID()))
                .getString("data.generateImage.id"));
        assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(8);
        assertThat(ended.getString("data.task.images[0].storage")).isEqualTo("FAILED");
        assertThat(ended.getString("data.task.images[0].url")).contains("/simulator/images/");
    }

    @Test
    void imageUrlsAreUnderTheAddressTheCallerReached() {
        String key = newKey();
        String id = awaitEnd(key, generate(key, input("prompt", "an addressed lighthouse " + UUID.randomUUID()))
                .getString("data.generateImage.id")).getString("data.task.id");
        String direct = taskImageUrl(key, id, Map.of());
        assertThat(direct).matches("http://localhost:\\d+/images/[A-Za-z0-9_-]{32}\\.png");
        String path = direct.substring(direct.indexOf("/images/"));

        // Behind an ingress: the address the client used, as its proxy forwarded it.
        assertThat(taskImageUrl(key, id, Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host",
                "images.example.test"))).isEqualTo("https://images.example.test" + path);
        // A forwarded host that is not a host cannot bend the URL anywhere: the gateway's own address instead.
        assertThat(taskImageUrl(key, id, Map.of("X-Forwarded-Host", "evil.test/steal?x="))).isEqualTo(direct);
        assertThat(taskImageUrl(key, id, Map.of("X-Forwarded-Host", "evil.test@images.example.test")))
                .isEqualTo(direct);
    }

    /** HTTP/2 has no Host header: the address the caller reached is its :authority. */
    @Test
    void imageUrlsAreUnderTheAuthorityAnHttp2CallerReached() throws IOException, InterruptedException {
        String key = newKey();
        String id = awaitEnd(key, generate(key, input("prompt", "an http/2 lighthouse " + UUID.randomUUID()))
                .getString("data.generateImage.id")).getString("data.task.id");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/graphql"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(Map.of("query",
                        Documents.TASK, "variables", Map.of("id", id))).encode()))
                .build();
        // The first request upgrades the connection (it is HTTP/1.1, with a Host header), the next ones are HTTP/2.
        client.send(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(JsonPath.from(answer.body()).getString("data.task.images[0].url"))
                .matches("http://127\\.0\\.0\\.1:" + RestAssured.port + "/images/[A-Za-z0-9_-]{32}\\.png");
    }

    private static String taskImageUrl(String key, String id, Map<String, String> headers) {
        return given().contentType("application/json").header("Authorization", "Bearer " + key).headers(headers)
                .body(Map.of("query", Documents.TASK, "variables", Map.of("id", id))).post("/graphql").then()
                .statusCode(200).extract().path("data.task.images[0].url");
    }

    @Test
    void keptImagesAreServedImmutableWithValidatorsAndHead() {
        String key = newKey();
        String url = awaitEnd(key, generate(key, input("prompt", "served well " + UUID.randomUUID()))
                .getString("data.generateImage.id")).getString("data.task.images[0].url");

        Response get = given().get(url);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.contentType()).isEqualTo("image/png");
        assertThat(get.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(get.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(get.header("ETag")).matches("\"[0-9a-f]{64}\"");
        assertThat(Long.parseLong(get.header("Content-Length"))).isEqualTo(get.asByteArray().length);

        Response head = given().head(url);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.asByteArray()).isEmpty();

        Response notModified = given().header("If-None-Match", get.header("ETag")).get(url);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.asByteArray()).isEmpty();
        assertThat(given().header("If-None-Match", "W/" + get.header("ETag") + ", \"other\"").get(url).statusCode())
                .isEqualTo(304);
        assertThat(given().header("If-None-Match", "\"other\"").get(url).statusCode()).isEqualTo(200);
    }

    @Test
    void copiesAreCountedInTheMetrics() {
        String key = newKey();
        awaitEnd(key, generate(key, input("prompt", "counted " + UUID.randomUUID())).getString("data.generateImage.id"));
        String metrics = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("gateway_images_kept_total\\{store=\"postgres\"\\} [1-9]")
                .containsPattern("gateway_images_stored_bytes_total\\{store=\"postgres\"\\} [1-9]")
                .contains("gateway_images_copy_seconds_count");
    }

    @Test
    void hostileImagePathsAnswerABare404() {
        String key = newKey();
        String url = awaitEnd(key, generate(key, input("prompt", "a real one " + UUID.randomUUID()))
                .getString("data.generateImage.id")).getString("data.task.images[0].url");
        String name = url.substring(url.lastIndexOf('/') + 1);
        String token = name.substring(0, name.indexOf('.'));
        for (String path : List.of("/images/" + token + ".jpg", "/images/" + token, "/images/" + token + ".png.png",
                "/images/" + "A".repeat(32) + ".png", "/images/" + token.substring(1) + ".png",
                "/images/" + token + "A.png", "/images/" + "x".repeat(1000) + ".png", "/images/%2e%2e%2fetc%2fpasswd",
                "/images/..%2f..%2fapplication.properties", "/images/" + token + "%00.png", "/images/" + token
                        + ".png%00",
                "/images/", "/images/" + token.toLowerCase() + ".png")) {
            if (path.equals("/images/" + token.toLowerCase() + ".png") && token.equals(token.toLowerCase())) {
                continue;
            }
            Response answer = given().urlEncodingEnabled(false).get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.asString()).as(path).doesNotContain("Exception").doesNotContain("at one.apiin");
        }
        assertThat(given().get(url).statusCode()).isEqualTo(200);
    }

    @Test
    void retentionDeletesOnlyWhatNothingReferencesAndTasksSaySo() {
        String key = newKey();
        Map<String, Object> request = seeded("kept for a while");
        JsonPath old = awaitEnd(key, generate(key, request).getString("data.generateImage.id"));
        JsonPath lone = awaitEnd(key, generate(key, seeded("kept alone")).getString("data.generateImage.id"));
        JsonPath hit = generate(key, request);
        String oldUrl = old.getString("data.task.images[0].url");
        String loneUrl = lone.getString("data.task.images[0].url");
        String hitUrl = hit.getString("data.generateImage.images[0].url");
        String sharedHash = given().head(oldUrl).header("ETag").replace("\"", "");
        String loneHash = given().head(loneUrl).header("ETag").replace("\"", "");
        // The first two tasks' images were made past retention; the cache hit's reference is new.
        age("update image_ref set created_at = now() - interval '31 days' where task_id = any($1)",
                new String[] { old.getString("data.task.id"), lone.getString("data.task.id") });
        age("update image_content set created_at = now() - interval '31 days' where hash = any($1)",
                new String[] { sharedHash, loneHash });

        sweeper.sweep().await().atMost(Duration.ofSeconds(30));

        assertThat(given().get(oldUrl).statusCode()).isEqualTo(404);
        assertThat(given().get(loneUrl).statusCode()).isEqualTo(404);
        assertThat(given().get(hitUrl).statusCode()).isEqualTo(200);
        assertThat(count("select count(*) from image_content where hash = $1", sharedHash)).isEqualTo(1);
        assertThat(count("select count(*) from image_content where hash = $1", loneHash)).isZero();
        assertThat(count("select count(*) from image_blob where hash = $1", loneHash)).isZero();
        assertThat(post(key, Documents.TASK, Map.of("id", old.getString("data.task.id")))
                .getString("data.task.images[0].storage")).isEqualTo("REMOVED");
        assertThat(post(key, Documents.TASK, Map.of("id", hit.getString("data.generateImage.id")))
                .getString("data.task.images[0].storage")).isEqualTo("KEPT");
    }

    @Test
    void theCacheNeverServesAnEntryWhoseImagesAreGone() {
        String key = newKey();
        Map<String, Object> request = seeded("gone from the store");
        JsonPath first = awaitEnd(key, generate(key, request).getString("data.generateImage.id"));
        String hash = given().head(first.getString("data.task.images[0].url")).header("ETag").replace("\"", "");
        age("update image_ref set created_at = now() - interval '31 days' where task_id = $1",
                first.getString("data.task.id"));
        age("update image_content set created_at = now() - interval '31 days' where hash = $1", hash);
        sweeper.sweep().await().atMost(Duration.ofSeconds(30));
        int creates = Simulator.creates();

        JsonPath again = generate(key, request);

        assertThat(again.getBoolean("data.generateImage.cached")).isFalse();
        JsonPath ended = awaitEnd(key, again.getString("data.generateImage.id"));
        assertThat(ended.getString("data.task.images[0].storage")).isEqualTo("KEPT");
        assertThat(given().get(ended.getString("data.task.images[0].url")).statusCode()).isEqualTo(200);
        assertThat(Simulator.creates()).isEqualTo(creates + 1);
    }

    /**
     * A cache hit's task and its references to the kept images it reuses are one statement: a task that cannot be
     * stored leaves no reference behind (the references had a statement of their own before the task's), and one that
     * is stored has its own reference, served.
     */
    @Test
    void aCacheHitsTaskAndItsImageReferencesAreWrittenTogetherOrNotAtAll() {
        String key = newKey();
        String owner = ApiKeys.sha256Hex(key);
        JsonPath first = awaitEnd(key, generate(key, seeded("written together")).getString("data.generateImage.id"));
        String firstId = first.getString("data.task.id");
        String hash = given().head(first.getString("data.task.images[0].url")).header("ETag").replace("\"", "");
        List<TaskImage> images = List.of(TaskImage.kept("/images/unused.png", hash, 512, 512, "image/png"));

        // The first task's id again: its INSERT fails (the primary key), and so must its references.
        ImageMirror.Reissue clash = mirror.reissue(firstId, images);
        assertThatThrownBy(() -> onContext(() -> tasks.createCached(cachedTask(firstId, owner), clash.images(),
                clash.references()))).isNotNull();
        assertThat(count("select count(*) from image_ref where task_id = $1", firstId)).isEqualTo(1);

        String id = tasks.newId(owner);
        ImageMirror.Reissue reissue = mirror.reissue(id, images);
        TaskSnapshot hit = onContext(() -> tasks.createCached(cachedTask(id, owner), reissue.images(),
                reissue.references()));
        assertThat(hit.id()).isEqualTo(id);
        assertThat(count("select count(*) from image_ref where task_id = $1", id)).isEqualTo(1);
        assertThat(given().get(reissue.images().get(0).url()).statusCode()).isEqualTo(200);
    }

    /**
     * Cache hits that arrive together share one INSERT (group commit): when one of them reuses a content that is gone,
     * that statement fails as a whole, and each goes again alone: that hit is a miss, the others are stored with
     * their references.
     */
    @Test
    void aHitWhoseImageIsGoneIsAMissAndTheHitsWrittenWithItAreStoredWithTheirReferences() {
        String key = newKey();
        String owner = ApiKeys.sha256Hex(key);
        JsonPath first = awaitEnd(key, generate(key, seeded("hits together")).getString("data.generateImage.id"));
        String hash = given().head(first.getString("data.task.images[0].url")).header("ETag").replace("\"", "");
        List<TaskImage> kept = List.of(TaskImage.kept("/images/unused.png", hash, 512, 512, "image/png"));
        List<TaskImage> gone = List.of(TaskImage.kept("/images/unused.png", "0".repeat(64), 512, 512, "image/png"));
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<TaskSnapshot>> hits = new ArrayList<>();

        try (Rows.WriteLock lock = Rows.lockWrites(pool, "task")) {
            for (int i = 0; i < 5; i++) {
                String id = tasks.newId(owner);
                ids.add(id);
                ImageMirror.Reissue reissue = mirror.reissue(id, i == 3 ? gone : kept);
                hits.add(SafeContext.run(vertx, () -> tasks.createCached(cachedTask(id, owner), reissue.images(),
                        reissue.references())).subscribeAsCompletionStage());
                if (i == 1) {
                    // The first two are under way (waiting for the lock): the next three wait for them, together.
                    await().atMost(Duration.ofSeconds(10)).until(() -> Rows.count(pool, "select count(*) from"
                            + " pg_stat_activity where wait_event_type = $1 and datname = current_database()", "Lock") == 2);
                }
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get("gateway.task.inserts.waiting").gauge().value() == 3);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> hits.stream().allMatch(CompletableFuture::isDone));
        for (int i = 0; i < 5; i++) {
            long references = count("select count(*) from image_ref where task_id = $1", ids.get(i));
            if (i == 3) {
                assertThat(hits.get(i).join()).isNull();
                assertThat(references).isZero();
                assertThat(count("select count(*) from task where id = $1", ids.get(i))).isZero();
            } else {
                assertThat(hits.get(i).join().id()).isEqualTo(ids.get(i));
                assertThat(references).isEqualTo(1);
            }
        }
    }

    private static NewTask cachedTask(String id, String owner) {
        return new NewTask(id, owner, "imagen4", "written together", null, "1:1", 1, 42, 8, null);
    }

    private <T> T onContext(Supplier<Uni<T>> work) {
        return SafeContext.run(vertx, work).await().atMost(Duration.ofSeconds(5));
    }

    @Inject
    ImageMirror mirror;
    @Inject
    TaskService tasks;
    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Inject
    ImageSweeper sweeper;
    @Inject
    EndedTasks endings;

    private static byte[] download(String url) {
        Response answer = given().get(url);
        assertThat(answer.statusCode()).as(url).isEqualTo(200);
        return answer.asByteArray();
    }

    private String upstreamImageUrl(String taskId) {
        return Rows.simulatorImageUrl(pool, taskId);
    }

    private long count(String sql, String parameter) {
        return Rows.count(pool, sql, parameter);
    }

    private void age(String sql, Object parameter) {
        Rows.update(pool, sql, parameter);
    }
}
