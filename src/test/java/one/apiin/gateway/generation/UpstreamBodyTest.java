package one.apiin.gateway.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/** What is priced is what is asked for: the upstream always gets the model, count and ratio the gateway applied. */
class UpstreamBodyTest {

    private static final ImageModel FAST = new ImageModel("imagen4-fast", "imagen-4", "Imagen 4 Fast", 4,
            List.of("1:1", "16:9"), 4, true, true);

    @Test
    void defaultsTheCallerLeftOutAreSentAsApplied() {
        UpstreamCreateRequest body = GenerationService.body(new GenerationRequest(FAST, "a fox", null, "1:1", 1, null),
                null);

        assertThat(body.model()).isEqualTo("imagen4-fast");
        assertThat(body.numImages()).isEqualTo(1);
        assertThat(body.aspectRatio()).isEqualTo("1:1");
        assertThat(body.negativePrompt()).isNull();
        assertThat(body.seed()).isNull();
        assertThat(body.callbackUrl()).isNull();
    }
}
