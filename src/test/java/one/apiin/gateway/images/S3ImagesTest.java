package one.apiin.gateway.images;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.Generations.seeded;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Rows;
import one.apiin.gateway.support.Simulator;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Kept images in the s3 store (S3Mock), end to end: what ImagesTest shows for postgres, for a bucket. */
@QuarkusTest
@TestProfile(S3ImageStoreTest.OnS3.class)
class S3ImagesTest {

    @Inject
    S3AsyncClient s3;
    @Inject
    ImagesConfig config;
    @Inject
    S3ImageStore store;
    @Inject
    ImageSweeper sweeper;
    @Inject
    Pool pool;

    @Test
    void aResultIsServedFromTheBucketPastItsUpstreamUrlFromTaskAndCache() {
        String key = newKey();
        Map<String, Object> request = seeded("kept in a bucket sim:expire=3000");
        JsonPath ended = awaitEnd(key, generate(key, request).getString("data.generateImage.id"));
        String url = ended.getString("data.task.images[0].url");
        assertThat(ended.getString("data.task.images[0].storage")).isEqualTo("KEPT");
        assertThat(url).contains("/images/");
        String hash = etag(url);
        assertThat(objectExists(hash)).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get(simulatorUrl(ended)).statusCode() == 404);

        byte[] bytes = given().get(url).then().statusCode(200).contentType("image/png").extract().asByteArray();
        JsonPath hit = generate(key, request);
        assertThat(hit.getBoolean("data.generateImage.cached")).isTrue();
        assertThat(given().get(hit.getString("data.generateImage.images[0].url")).asByteArray()).isEqualTo(bytes);
        // The bytes are not in PostgreSQL: the bucket holds them.
        assertThat(count("select count(*) from image_blob where hash = $1", hash)).isZero();
    }

    @Test
    void identicalBytesAreOneObjectAndRetentionDeletesItWhenNothingRefersToIt() {
        Map<String, Object> request = seeded("one object for two owners");
        String first = newKey();
        String second = newKey();
        JsonPath a = awaitEnd(first, generate(first, request).getString("data.generateImage.id"));
        JsonPath b = awaitEnd(second, generate(second, request).getString("data.generateImage.id"));
        String hash = etag(a.getString("data.task.images[0].url"));
        assertThat(etag(b.getString("data.task.images[0].url"))).isEqualTo(hash);
        List<String> keys = s3.listObjectsV2(list -> list.bucket(config.s3().bucket()).prefix(store.key(hash))).join()
                .contents().stream().map(object -> object.key()).toList();
        assertThat(keys).containsExactly(store.key(hash));

        age("update image_ref set created_at = now() - interval '31 days' where hash = $1", hash);
        age("update image_content set created_at = now() - interval '31 days' where hash = $1", hash);
        sweeper.sweep().await().atMost(Duration.ofSeconds(30));

        assertThat(objectExists(hash)).isFalse();
        assertThat(given().get(a.getString("data.task.images[0].url")).statusCode()).isEqualTo(404);
        assertThat(post(first, Documents.TASK, Map.of("id", a.getString("data.task.id")))
                .getString("data.task.images[0].storage")).isEqualTo("REMOVED");
    }

    @Test
    void aCreateAnswerCarryingTheImagesIsKeptInTheBucketAndChargedOnce() {
        String key = newKey();
        long billed = Simulator.billedCredits(key);
        JsonPath ended = awaitEnd(key, generate(key, input("prompt", "at once sim:create=imagesnoid "
                + UUID.randomUUID(), "model", "imagen4-fast")).getString("data.generateImage.id"));
        assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(4);
        assertThat(Simulator.billedCredits(key) - billed).isEqualTo(4);
        assertThat(objectExists(etag(ended.getString("data.task.images[0].url")))).isTrue();
    }

    private boolean objectExists(String hash) {
        try {
            s3.headObject(head -> head.bucket(config.s3().bucket()).key(store.key(hash))).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof NoSuchKeyException
                    || e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String etag(String url) {
        return given().head(url).then().statusCode(200).extract().header("ETag").replace("\"", "");
    }

    private String simulatorUrl(JsonPath task) {
        return Rows.simulatorImageUrl(pool, task.getString("data.task.id"));
    }

    private long count(String sql, String parameter) {
        return Rows.count(pool, sql, parameter);
    }

    private void age(String sql, String parameter) {
        Rows.update(pool, sql, parameter);
    }
}
