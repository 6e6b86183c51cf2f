package one.apiin.gateway.images;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the S3 store's client reaches its server. application.properties hands endpoint, region and path style on to
 * the Quarkus client (quarkus.s3.*); the credentials are handed over by {@link S3Credentials}. Read only when the store
 * is s3: the gateway starts without any of them.
 */
@ConfigMapping(prefix = "gateway.images.s3")
public interface S3ClientConfig {

    /** The server's URL (MinIO, Ceph RGW, another cloud's S3 API); unset: AWS S3 of the region. */
    Optional<URI> endpoint();

    /** The bucket's region (what signatures name; most S3-compatible servers accept any). */
    @WithDefault("us-east-1")
    String region();

    /** Bucket in the path (http://host/bucket/key) instead of the host name: MinIO and most local servers need it. */
    @WithDefault("false")
    boolean pathStyle();

    /** Access key of static credentials; unset: the default AWS chain (environment, profile, IRSA, instance role). */
    Optional<String> accessKeyId();

    /** Secret of static credentials, with {@link #accessKeyId()}. */
    Optional<String> secretAccessKey();
}
