package one.apiin.gateway.images;

import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.SharedProfiles;

/**
 * GATEWAY_IMAGES_STORE=none (in the shared {@link SharedProfiles.LowCapsSampledNoStore} profile): nothing is kept,
 * images are the upstream's URLs, as before the store existed.
 */
@QuarkusTest
@TestProfile(SharedProfiles.LowCapsSampledNoStore.class)
class NoStoreTest {

    @Test
    void imagesAreTheUpstreamsUrlsAndNothingIsCopied() {
        String key = newKey();
        JsonPath ended = awaitEnd(key, generate(key, input("prompt", "not kept " + UUID.randomUUID(), "model",
                "imagen4-fast")).getString("data.generateImage.id"));
        assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(ended.getString("data.task.images[0].url")).contains("/simulator/images/");
        assertThat(ended.getString("data.task.images[0].storage")).isEqualTo("UPSTREAM");
        assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(4);
    }
}
