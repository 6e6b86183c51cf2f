package one.apiin.gateway.images;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.S3StoreResource;

/** GATEWAY_IMAGES_DELIVERY=redirect: the gateway's URL answers 302 to a presigned URL of the bucket. */
@QuarkusTest
@TestProfile(S3RedirectTest.Redirecting.class)
class S3RedirectTest {

    public static class Redirecting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.images.delivery", "redirect");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3StoreResource.class));
        }
    }

    @Test
    void aKeptImageRedirectsToAPresignedUrlThatServesItsBytes() throws Exception {
        String key = newKey();
        String id = generate(key, input("prompt", "redirected " + UUID.randomUUID())).getString("data.generateImage.id");
        awaitEnd(key, id);
        // Kept, not only ended: on a loaded machine the first copy into the bucket may outlast the announce wait (2 s
        // in tests), and the task is then announced with the upstream's URL (storage PENDING) until the copy is done.
        String url = await().atMost(Duration.ofSeconds(30))
                .until(() -> post(key, Documents.TASK, Map.of("id", id)),
                        answer -> "KEPT".equals(answer.getString("data.task.images[0].storage")))
                .getString("data.task.images[0].url");

        Response redirect = given().redirects().follow(false).get(url);
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.header("Location");
        assertThat(location).contains("X-Amz-Signature=").contains("X-Amz-Expires=");
        HttpResponse<byte[]> object = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(location))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(object.body()).startsWith(new byte[] { (byte) 0x89, 'P', 'N', 'G' });
        // Conditional requests are still answered by the gateway itself, without a trip to the bucket.
        assertThat(given().redirects().follow(false).header("If-None-Match", given().head(url).header("ETag"))
                .get(url).statusCode()).isEqualTo(304);
    }
}
