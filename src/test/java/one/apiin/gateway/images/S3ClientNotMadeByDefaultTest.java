package one.apiin.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** With the default store (no S3 setting at all), the gateway starts and makes no S3 client nor presigner. */
@QuarkusTest
class S3ClientNotMadeByDefaultTest {

    @Test
    void theDefaultStoreStartsWithoutAnyS3ClientMade() {
        assertThat(made(ApplicationScoped.class)).isNotEmpty().doesNotContain(S3AsyncClient.class, S3Presigner.class);
        assertThat(made(Singleton.class)).doesNotContain(S3AsyncClient.class, S3Presigner.class);
    }

    /** The types of the beans of this scope made so far. */
    private static List<Type> made(Class<? extends java.lang.annotation.Annotation> scope) {
        return Arc.container().getActiveContext(scope).getState().getContextualInstances().keySet().stream()
                .flatMap(bean -> bean.getTypes().stream()).toList();
    }
}
