package one.apiin.gateway.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelCatalogTest;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/** What is priced is what is asked for: the upstream always gets the model, count and ratio the gateway applied. */
class UpstreamBodyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    @Test
    void optionsGoUnderTheUpstreamsNamesAndATierAsTheModel() throws Exception {
        ModelCatalog catalog = ModelCatalogTest.catalog("src/main/resources/catalog/models.json");
        ImageModel ideogram = catalog.find("ideogram-v3").orElseThrow();
        GenerationRequest request = new RequestValidator(catalog).validate(new ImageRequest("a fox", "ideogram-v3",
                null, null, 1, null, List.of(new ImageRequest.Option("speed", "balanced")), null, null));

        UpstreamCreateRequest body = GenerationService.body(request, null);

        assertThat(body.model()).isEqualTo("ideogram-v3-balanced");
        assertThat(body.parameters()).containsExactly(Map.entry("style", "Auto"));
        assertThat(request.creditsPerImage()).isEqualTo(13);
        assertThat(request.model()).isSameAs(ideogram);
        String json = MAPPER.writeValueAsString(body);
        assertThat(MAPPER.readTree(json).get("style").asText()).isEqualTo("Auto");
        assertThat(MAPPER.readValue(json, UpstreamCreateRequest.class)).isEqualTo(body);
    }

    @Test
    void referenceImagesGoUnderTheModelsField() throws Exception {
        ModelCatalog catalog = ModelCatalogTest.catalog("src/main/resources/catalog/models.json");
        GenerationRequest request = new RequestValidator(catalog).validate(new ImageRequest("a fox", "kling-image-o1",
                null, null, 1, null, null, List.of("https://images.example/a.png"), null));

        UpstreamCreateRequest body = GenerationService.body(request, null);

        assertThat(body.parameters()).containsExactly(Map.entry("type", "image-to-image"),
                Map.entry("resolution", "1k"), Map.entry("images", List.of("https://images.example/a.png")));
        assertThat(MAPPER.readValue(MAPPER.writeValueAsString(body), UpstreamCreateRequest.class)).isEqualTo(body);
    }
}
