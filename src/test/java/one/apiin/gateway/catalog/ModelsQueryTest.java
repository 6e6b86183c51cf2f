package one.apiin.gateway.catalog;

import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ModelsQueryTest {

    @Test
    void theCatalogIsServedWithoutAKey() {
        JsonPath answer = post(null, """
                query {
                  models { id family name creditsPerImage aspectRatios maxImages supportsNegativePrompt supportsSeed }
                }
                """);
        List<Map<String, Object>> models = answer.getList("data.models");
        assertThat(models).extracting(model -> model.get("id")).containsExactly("imagen4-fast", "imagen4",
                "imagen4-ultra", "grok-imagine", "kling-image-o1", "ideogram-v3", "gpt-image-1.5-official");
        assertThat(models.get(2)).containsEntry("family", "imagen-4").containsEntry("name", "Imagen 4 Ultra")
                .containsEntry("creditsPerImage", 12).containsEntry("maxImages", 4)
                .containsEntry("supportsNegativePrompt", true).containsEntry("supportsSeed", true)
                .containsEntry("aspectRatios", List.of("1:1", "4:3", "3:4", "16:9", "9:16"));
        assertThat(models.get(4)).containsEntry("maxImages", 9).containsEntry("supportsSeed", false)
                .containsEntry("aspectRatios", List.of("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "21:9"));
        assertThat(models.get(6)).containsEntry("creditsPerImage", 10).containsEntry("supportsNegativePrompt", false);
    }

    @Test
    void everyModelIsServedWithItsOptionsPricesAndReferenceImages() {
        JsonPath answer = post(null, """
                query {
                  models { id options { name default values { value creditsPerImage } } maxReferenceImages status
                           retiresOn replacement }
                }
                """);
        assertThat(answer.getList("errors")).isNull();
        List<Map<String, Object>> models = answer.getList("data.models");
        assertThat(models).hasSize(7).allSatisfy(model -> assertThat(model).containsEntry("status", "ACTIVE")
                .containsEntry("retiresOn", null).containsEntry("replacement", null));
        assertThat(answer.getList("data.models.find { it.id == 'imagen4' }.options")).isEmpty();
        assertThat(answer.getMap("data.models.find { it.id == 'gpt-image-1.5-official' }"))
                .containsEntry("maxReferenceImages", 4)
                .containsEntry("options", List.of(Map.of("name", "quality", "default", "medium", "values",
                        List.of(Map.of("value", "medium", "creditsPerImage", 10),
                                Map.of("value", "high", "creditsPerImage", 28)))));
        assertThat(answer.getList("data.models.find { it.id == 'ideogram-v3' }.options.name"))
                .containsExactly("speed", "style");
        assertThat(answer.getList("data.models.find { it.id == 'ideogram-v3' }.options[0].values.creditsPerImage"))
                .containsExactly(8, 13, 20);
        assertThat(answer.getMap("data.models.find { it.id == 'kling-image-o1' }"))
                .containsEntry("maxReferenceImages", 10);
        assertThat(answer.getList("data.models.find { it.id == 'kling-image-o1' }.options.default"))
                .containsExactly("image-to-image", "1k");
    }
}
