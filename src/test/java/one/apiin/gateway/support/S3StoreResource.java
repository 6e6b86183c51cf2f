package one.apiin.gateway.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The gateway storing its images in S3Mock's bucket, configured as an operator would (GATEWAY_IMAGES_S3_*): a local
 * endpoint, path-style, static credentials. The server outlives the application (one per test JVM).
 */
public class S3StoreResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        S3MockServer s3 = S3MockServer.get();
        return Map.of("gateway.images.store", "s3", "gateway.images.s3.endpoint", s3.endpoint(),
                "gateway.images.s3.region", "us-east-1", "gateway.images.s3.path-style", "true",
                "gateway.images.s3.access-key-id", "test-access-key", "gateway.images.s3.secret-access-key",
                "test-secret-key", "gateway.images.s3.bucket", s3.bucket());
    }

    @Override
    public void stop() {
        // S3MockServer stops with the JVM: other test classes may still use it.
    }
}
