package one.apiin.gateway.graphql;

import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.Generations.seeded;
import static one.apiin.gateway.support.Generations.with;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

@QuarkusTest
class EstimateTest {

    static final String ESTIMATE = """
            query Estimate($input: GenerateImageInput!) {
              estimate(input: $input) { model creditsPerImage credits cached }
            }
            """;

    @Test
    void theCatalogsPriceTimesTheNumberOfImagesWithNothingStartedOrStored() {
        String key = newKey();
        int creates = Simulator.createAttempts();

        JsonPath answer = post(key, ESTIMATE, Map.of("input",
                input("prompt", "a priced lighthouse", "model", "imagen4-fast", "numImages", 2)));

        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        assertThat(answer.getMap("data.estimate")).containsEntry("model", "imagen4-fast")
                .containsEntry("creditsPerImage", 4).containsEntry("credits", 8).containsEntry("cached", false);
        assertThat(post(key, ESTIMATE, Map.of("input", input("prompt", "a default lighthouse")))
                .getMap("data.estimate")).containsEntry("model", "imagen4").containsEntry("credits", 8);
        assertThat(Simulator.createAttempts()).isEqualTo(creates);
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
    }

    @Test
    void badInputIsRefusedAsGenerateImageRefusesIt() {
        JsonPath answer = post(newKey(), ESTIMATE, Map.of("input",
                input("prompt", "a cat", "model", "imagen4-fast", "numImages", 5, "referenceImages",
                        List.of("https://example.com/a.png"))));

        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("data")).isNull();
        assertThat(answer.getList("errors[0].extensions.fields.field")).containsExactly("numImages", "referenceImages");
        assertThat(answer.getString("errors[0].extensions.fields[0].message"))
                .isEqualTo("numImages must be between 1 and 4 for imagen4-fast");
    }

    @Test
    void aCachedResultIsToldOnlyWhereGenerateImageWouldUseIt() {
        String key = newKey();
        Map<String, Object> request = seeded("an estimated heron");
        assertThat(estimate(key, request).getBoolean("cached")).isFalse();
        awaitEnd(key, generate(key, request).getString("data.generateImage.id"));
        int creates = Simulator.createAttempts();

        await().atMost(Duration.ofSeconds(5)).until(() -> estimate(key, request).getBoolean("cached"));

        assertThat(estimate(key, request).getInt("credits")).isEqualTo(8);
        assertThat(estimate(key, with(request, "cache", "USE")).getBoolean("cached")).isTrue();
        assertThat(estimate(key, with(request, "cache", "BYPASS")).getBoolean("cached")).isFalse();
        assertThat(estimate(key, with(request, "cache", "REFRESH")).getBoolean("cached")).isFalse();
        assertThat(estimate(key, with(request, "seed", 43)).getBoolean("cached")).isFalse();
        assertThat(estimate(key, with(request, "seed", null)).getBoolean("cached")).isFalse();
        assertThat(estimate(newKey(), request).getBoolean("cached")).isFalse();
        assertThat(Simulator.createAttempts()).isEqualTo(creates);
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).hasSize(1);
    }

    @Test
    void optionsArePricedAsTheChargeThatFollows() {
        String key = newKey();
        Map<String, Object> request = input("prompt", "an estimated gpt " + java.util.UUID.randomUUID(), "model",
                "gpt-image-1.5-official", "numImages", 2, "options", List.of(Map.of("name", "quality", "value", "high")));
        JsonPath estimate = estimate(key, request);
        assertThat(estimate.getInt("creditsPerImage")).isEqualTo(28);

        JsonPath ended = awaitEnd(key, generate(key, request).getString("data.generateImage.id"));

        assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(estimate.getInt("credits")).isEqualTo(56);
    }

    @Test
    void itNeedsACredential() {
        JsonPath answer = post(null, ESTIMATE, Map.of("input", input("prompt", "a free lunch")));
        assertThat(errorCode(answer)).isEqualTo("UNAUTHENTICATED");
        assertThat(answer.getString("data")).isNull();
    }

    private static JsonPath estimate(String key, Map<String, Object> input) {
        JsonPath answer = post(key, ESTIMATE, Map.of("input", input));
        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        return answer.setRootPath("data.estimate");
    }
}
