package one.apiin.gateway.images;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Management;

/**
 * The s3 store unreachable (its endpoint a loopback port nothing listens on): results still end SUCCEEDED with the
 * upstream's URLs, PENDING (copied later), and the replica stays ready.
 */
@QuarkusTest
@TestProfile(StoreDownTest.Unreachable.class)
class StoreDownTest {

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("gateway.images.store", "s3", "gateway.images.s3.endpoint", "http://127.0.0.1:" + port,
                    "gateway.images.s3.path-style", "true", "gateway.images.s3.access-key-id", "test",
                    "gateway.images.s3.secret-access-key", "test", "gateway.images.announce-wait", "1s");
        }
    }

    @Test
    void resultsKeepTheUpstreamsUrlsAndTheReplicaStaysReady() {
        String key = newKey();
        JsonPath ended = awaitEnd(key, generate(key, input("prompt", "store down " + UUID.randomUUID()))
                .getString("data.generateImage.id"));
        assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(ended.getString("data.task.images[0].storage")).isEqualTo("PENDING");
        assertThat(ended.getString("data.task.images[0].url")).contains("/simulator/images/");
        assertThat(given().get(Management.url("/q/health/ready")).then().extract().jsonPath().getString("status"))
                .isEqualTo("UP");
    }
}
