package one.apiin.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import one.apiin.gateway.support.S3MockServer;
import one.apiin.gateway.support.S3StoreResource;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 store against a real S3 API (S3Mock, see S3MockServer), configured as an operator would. */
@QuarkusTest
@TestProfile(S3ImageStoreTest.OnS3.class)
class S3ImageStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    public static class OnS3 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3StoreResource.class));
        }
    }

    @Inject
    S3ImageStore store;

    @Inject
    S3AsyncClient s3;

    @Inject
    ImagesConfig config;

    @Inject
    Vertx vertx;

    @Test
    void whatIsPutIsReadBackWithItsTypeAndCaching() {
        byte[] image = image();
        String hash = hash(image);
        store.put(hash, image, "image/png").await().atMost(WAIT);

        assertThat(store.read(hash).await().atMost(WAIT)).isEqualTo(image);
        HeadObjectResponse head = head(hash);
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(head.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(head.contentLength()).isEqualTo(image.length);
    }

    @Test
    void theSameContentPutTwiceIsOneObject() {
        byte[] image = image();
        String hash = hash(image);
        store.put(hash, image, "image/webp").await().atMost(WAIT);
        store.put(hash, image, "image/webp").await().atMost(WAIT);

        List<String> keys = s3.listObjectsV2(request -> request.bucket(config.s3().bucket()).prefix(store.key(hash)))
                .join().contents().stream().map(S3Object::key).toList();
        assertThat(keys).containsExactly(config.s3().prefix() + hash);
    }

    @Test
    void aHashNeverStoredReadsAsNull() {
        assertThat(store.read(hash(image())).await().atMost(WAIT)).isNull();
    }

    @Test
    void deletingSeveralContentsOneNeverStoredDeletesTheOthers() {
        byte[] first = image();
        byte[] second = image();
        byte[] kept = image();
        for (byte[] image : List.of(first, second, kept)) {
            store.put(hash(image), image, "image/png").await().atMost(WAIT);
        }

        store.delete(List.of(hash(first), hash(image()), hash(second))).await().atMost(WAIT);

        assertThat(store.read(hash(first)).await().atMost(WAIT)).isNull();
        assertThat(store.read(hash(second)).await().atMost(WAIT)).isNull();
        assertThat(store.read(hash(kept)).await().atMost(WAIT)).isEqualTo(kept);
        store.delete(List.of()).await().atMost(WAIT);
    }

    @Test
    void deletesGoInRequestsOfAtMostAThousandKeys() {
        List<String> hashes = IntStream.range(0, 2500).mapToObj(Integer::toString).toList();
        assertThat(S3ImageStore.batches(hashes)).extracting(List::size).containsExactly(1000, 1000, 500);
        assertThat(S3ImageStore.batches(hashes).get(2).get(0)).isEqualTo("2000");
        assertThat(S3ImageStore.batches(Collections.nCopies(1000, "a"))).hasSize(1);
    }

    @Test
    void aPresignedUrlServesTheBytesToAPlainHttpClient() throws Exception {
        byte[] image = image();
        String hash = hash(image);
        store.put(hash, image, "image/jpeg").await().atMost(WAIT);

        String url = store.presignedUrl(hash, "image/jpeg", 60);
        // Path style, as configured: the bucket is in the path, not in the host name.
        assertThat(url).startsWith(S3MockServer.get().endpoint() + "/" + config.s3().bucket() + "/" + store.key(hash) + "?")
                .contains("X-Amz-Expires=60").contains("X-Amz-Signature=");
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(image);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    }

    @Test
    void nothingIsSentBeforeTheUniIsSubscribed() {
        byte[] image = image();
        String hash = hash(image);
        var put = store.put(hash, image, "image/png");

        assertThat(headFails(hash)).isTrue();
        put.await().atMost(WAIT);
        assertThat(head(hash).contentLength()).isEqualTo(image.length);
    }

    @Test
    void theOutcomeComesBackOnTheCallersVertxContext() {
        byte[] image = image();
        String hash = hash(image);
        store.put(hash, image, "image/png").await().atMost(WAIT);
        Context caller = vertx.getOrCreateContext();
        CompletableFuture<Context> readOn = new CompletableFuture<>();
        CompletableFuture<Context> missedOn = new CompletableFuture<>();

        caller.runOnContext(ignored -> {
            store.read(hash).subscribe().with(bytes -> readOn.complete(Vertx.currentContext()), readOn::completeExceptionally);
            store.read(hash(image())).subscribe().with(none -> missedOn.complete(Vertx.currentContext()),
                    missedOn::completeExceptionally);
        });

        assertThat(readOn).succeedsWithin(WAIT).isSameAs(caller);
        assertThat(missedOn).succeedsWithin(WAIT).isSameAs(caller);
    }

    private HeadObjectResponse head(String hash) {
        return s3.headObject(request -> request.bucket(config.s3().bucket()).key(store.key(hash))).join();
    }

    private boolean headFails(String hash) {
        try {
            head(hash);
            return false;
        } catch (CompletionException e) {
            return e.getCause() instanceof S3Exception failure && failure.statusCode() == 404;
        }
    }

    /** Random bytes standing for an image (the store does not look inside). */
    private static byte[] image() {
        byte[] bytes = new byte[4096 + ThreadLocalRandom.current().nextInt(4096)];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
