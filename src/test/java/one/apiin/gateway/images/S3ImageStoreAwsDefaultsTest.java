package one.apiin.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The S3 store as on AWS: no endpoint given (application.properties then hands the client an empty override, which
 * must count as none), virtual-host style. Presigning sends nothing, so no server is needed.
 */
@QuarkusTest
@TestProfile(S3ImageStoreAwsDefaultsTest.OnAws.class)
class S3ImageStoreAwsDefaultsTest {

    public static class OnAws implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.images.store", "s3", "gateway.images.s3.region", "eu-west-3",
                    "gateway.images.s3.access-key-id", "AKIDEXAMPLE", "gateway.images.s3.secret-access-key",
                    "not-a-real-secret");
        }
    }

    @Inject
    S3ImageStore store;

    @Test
    void urlsNameTheRegionsAwsEndpointWithTheBucketInTheHostName() {
        String url = store.presignedUrl("ab".repeat(32), "image/png", 900);

        assertThat(url).startsWith("https://image-gateway.s3.eu-west-3.amazonaws.com/images/" + "ab".repeat(32) + "?")
                .contains("X-Amz-Credential=AKIDEXAMPLE%2F").contains("%2Feu-west-3%2Fs3%2Faws4_request")
                .contains("X-Amz-Expires=900").contains("response-content-type=image%2Fpng");
    }
}
