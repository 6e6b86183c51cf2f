package one.apiin.gateway.generation;

import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.errorMessage;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;

@QuarkusTest
class GenerateImageTest {

    @Test
    void aGenerationRunsToSucceededWithImagesAndCharges() {
        String key = newKey();
        JsonPath created = post(key, Documents.GENERATE, Map.of("input", Map.of(
                "prompt", "  a lighthouse at dawn  ", "model", "imagen4-fast", "aspectRatio", "16:9",
                "numImages", 2, "seed", 42, "negativePrompt", "fog")));
        assertThat(created.getList("errors")).isNull();
        Map<String, Object> task = created.getMap("data.generateImage");
        assertThat(task.get("status")).isEqualTo("RUNNING");
        assertThat((String) task.get("id")).startsWith("tsk_").hasSizeGreaterThan(20);
        assertThat(task).containsEntry("prompt", "a lighthouse at dawn").containsEntry("model", "imagen4-fast")
                .containsEntry("aspectRatio", "16:9").containsEntry("numImages", 2).containsEntry("seed", 42)
                .containsEntry("negativePrompt", "fog").containsEntry("creditsCharged", 0)
                .containsEntry("cached", false);
        assertThat((List<?>) task.get("images")).isEmpty();

        JsonPath done = awaitEnd(key, (String) task.get("id"));
        assertThat(done.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(done.getInt("data.task.progress")).isEqualTo(100);
        assertThat(done.getInt("data.task.creditsCharged")).isEqualTo(4 * 2);
        assertThat(done.getString("data.task.error")).isNull();
        List<String> urls = done.getList("data.task.images.url");
        assertThat(urls).hasSize(2);
        assertThat(done.getList("data.task.images.mimeType")).containsOnly("image/png");
        byte[] png = RestAssured.given().get(urls.get(0)).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void defaultsAreFilledIn() {
        String key = newKey();
        JsonPath created = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a red fox")));
        Map<String, Object> task = created.getMap("data.generateImage");
        assertThat(task).containsEntry("model", "imagen4").containsEntry("aspectRatio", "1:1")
                .containsEntry("numImages", 1).containsEntry("seed", null);
        assertThat(awaitEnd(key, (String) task.get("id")).getInt("data.task.creditsCharged")).isEqualTo(8);
    }

    @Test
    void aTaskRunsOnTheModelAskedForWithItsDefaultOptions() {
        JsonPath created = post(newKey(), """
                mutation Generate($input: GenerateImageInput!) {
                  generateImage(input: $input) { model requestedModel options { name value } }
                }
                """, Map.of("input", Map.of("prompt", "a red fox", "model", "ideogram-v3")));
        assertThat(created.getMap("data.generateImage")).containsEntry("model", "ideogram-v3")
                .containsEntry("requestedModel", "ideogram-v3").containsEntry("options", List.of(
                        Map.of("name", "speed", "value", "turbo"), Map.of("name", "style", "value", "Auto")));
    }

    @Test
    void aFailedGenerationEndsFailedAndCostsNothing() {
        String key = newKey();
        String id = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "this one sim:fail")))
                .getString("data.generateImage.id");
        JsonPath done = awaitEnd(key, id);
        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isEqualTo("UPSTREAM_FAILED");
        assertThat(done.getString("data.task.error.message")).isNotBlank();
        assertThat(done.getInt("data.task.creditsCharged")).isZero();
        assertThat(done.getList("data.task.images")).isEmpty();
    }

    @Test
    void withoutAKeyNothingHappens() {
        JsonPath answer = post(null, Documents.GENERATE, Map.of("input", Map.of("prompt", "a red fox")));
        assertThat(errorCode(answer)).isEqualTo("UNAUTHENTICATED");
        assertThat(errorMessage(answer)).contains("Authorization: Bearer").contains("aio_");
        JsonPath wrongScheme = RestAssured.given().contentType("application/json")
                .header("Authorization", "Basic abc")
                .body(Map.of("query", Documents.TASKS, "variables", Map.of()))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertThat(errorCode(wrongScheme)).isEqualTo("UNAUTHENTICATED");
    }
}
