package one.apiin.gateway.images;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.quarkus.arc.Unremovable;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The S3 client's credentials (quarkus.s3.aws.credentials.custom-provider.name): the operator's static pair when
 * given, else the default AWS chain, which finds IRSA's web identity token on Kubernetes. The extension's own
 * settings cannot say "static when set": its static type refuses to start without keys.
 */
@Singleton
class S3Credentials {

    static final String NAME = "image-store-s3-credentials";

    @Produces
    @Singleton
    @Named(NAME)
    @Unremovable // looked up by name when the client is configured, never injected
    AwsCredentialsProvider credentials(S3ClientConfig config) {
        if (config.accessKeyId().isPresent() != config.secretAccessKey().isPresent()) {
            throw new IllegalStateException(
                    "GATEWAY_IMAGES_S3_ACCESS_KEY_ID and GATEWAY_IMAGES_S3_SECRET_ACCESS_KEY go together: set both or neither");
        }
        if (config.accessKeyId().isPresent()) {
            return StaticCredentialsProvider
                    .create(AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    void close(@Disposes @Named(NAME) AwsCredentialsProvider credentials) {
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
