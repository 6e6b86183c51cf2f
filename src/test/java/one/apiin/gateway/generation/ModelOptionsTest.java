package one.apiin.gateway.generation;

import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

/**
 * Every option value of the contract's table, end to end: validated, sent upstream under the upstream's name (the
 * simulator records the body it received), priced per value (reserved, charged, reported, and billed by the
 * simulator by option), stored and shown with its defaults. kling-image-o1's image-to-image needs reference images:
 * {@code ReferenceImagesTest} runs it.
 */
@QuarkusTest
class ModelOptionsTest {

    static Stream<Arguments> everyValueOfTheTable() {
        return Stream.of(
                Arguments.of("gpt-image-1.5-official", Map.of(), 10, "gpt-image-1.5-official",
                        Map.of("quality", "medium"), Map.of("quality", "medium")),
                Arguments.of("gpt-image-1.5-official", Map.of("quality", "high"), 28, "gpt-image-1.5-official",
                        Map.of("quality", "high"), Map.of("quality", "high")),
                Arguments.of("ideogram-v3", Map.of(), 8, "ideogram-v3-turbo", Map.of("style", "Auto"),
                        Map.of("speed", "turbo", "style", "Auto")),
                Arguments.of("ideogram-v3", Map.of("speed", "balanced"), 13, "ideogram-v3-balanced",
                        Map.of("style", "Auto"), Map.of("speed", "balanced", "style", "Auto")),
                Arguments.of("ideogram-v3", Map.of("speed", "quality", "style", "Realistic"), 20,
                        "ideogram-v3-quality", Map.of("style", "Realistic"),
                        Map.of("speed", "quality", "style", "Realistic")),
                Arguments.of("ideogram-v3", Map.of("style", "General"), 8, "ideogram-v3-turbo",
                        Map.of("style", "General"), Map.of("speed", "turbo", "style", "General")),
                Arguments.of("ideogram-v3", Map.of("style", "Design"), 8, "ideogram-v3-turbo",
                        Map.of("style", "Design"), Map.of("speed", "turbo", "style", "Design")),
                Arguments.of("kling-image-o1", Map.of("type", "ai-multi-shot"), 16, "kling-image-o1",
                        Map.of("type", "ai-multi-shot", "resolution", "1k"),
                        Map.of("type", "ai-multi-shot", "resolution", "1k")),
                Arguments.of("kling-image-o1", Map.of("type", "ai-multi-shot", "resolution", "2k"), 16,
                        "kling-image-o1", Map.of("type", "ai-multi-shot", "resolution", "2k"),
                        Map.of("type", "ai-multi-shot", "resolution", "2k")));
    }

    @ParameterizedTest
    @MethodSource("everyValueOfTheTable")
    void eachValueIsSentPricedChargedAndShown(String model, Map<String, String> options, int perImage,
            String upstreamModel, Map<String, String> upstreamParameters, Map<String, String> applied) {
        String key = newKey();
        String prompt = "an optioned fox " + UUID.randomUUID();
        Map<String, Object> input = input("prompt", prompt, "model", model, "numImages", 2, "options",
                options.entrySet().stream().map(o -> Map.of("name", o.getKey(), "value", o.getValue())).toList());

        JsonPath estimate = post(key, EstimateQuery.ESTIMATE, Map.of("input", input));
        assertThat(estimate.getMap("data.estimate")).as(estimate.prettify()).containsEntry("model", model)
                .containsEntry("creditsPerImage", perImage).containsEntry("credits", 2 * perImage);
        JsonPath created = post(key, Documents.GENERATE, Map.of("input", input));
        assertThat(created.getList("errors")).as(created.prettify()).isNull();
        JsonPath ended = awaitEnd(key, created.getString("data.generateImage.id"));

        assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(2 * perImage);
        assertThat(ended.getString("data.task.requestedModel")).isEqualTo(model);
        assertThat(ended.getList("data.task.options", Map.class)).containsExactlyElementsOf(applied.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(ModelOptionsTest::catalogOrder))
                .map(o -> Map.of("name", o.getKey(), "value", o.getValue())).toList());
        JsonPath body = Simulator.received(prompt);
        assertThat(body.getString("model")).isEqualTo(upstreamModel);
        upstreamParameters.forEach((name, value) -> assertThat(body.getString(name)).as(name).isEqualTo(value));
        assertThat(body.getMap("")).doesNotContainKeys("speed");
        assertThat(Simulator.billedFor(prompt)).isEqualTo(2L * perImage);
        JsonPath usage = post(key, "query { usage { creditsSpent } }");
        assertThat(usage.getInt("data.usage.creditsSpent")).as(usage.prettify()).isEqualTo(2 * perImage);
    }

    private static int catalogOrder(String a, String b) {
        List<String> order = List.of("speed", "style", "type", "resolution", "quality");
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }

    @Test
    void badOptionsAreRefusedNamingEachRuleAndNothingIsSent() {
        String key = newKey();
        int creates = Simulator.createAttempts();
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", input("prompt", "a badly optioned owl",
                "model", "ideogram-v3", "options", List.of(Map.of("name", "speed", "value", "slow"),
                        Map.of("name", "quality", "value", "high"), Map.of("name", "style", "value", "Auto"),
                        Map.of("name", "style", "value", "Design")))));

        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getList("errors[0].extensions.fields.message")).containsExactly(
                "options names 'style' twice",
                "speed must be one of turbo, balanced, quality for ideogram-v3",
                "ideogram-v3 has no option 'quality' (it takes: speed, style)");
        assertThat(answer.getList("errors[0].extensions.fields.field")).containsOnly("options");
        assertThat(Simulator.createAttempts()).isEqualTo(creates);
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
        assertThat(errorCode(post(key, EstimateQuery.ESTIMATE, Map.of("input", input("prompt", "an estimated owl",
                "model", "gpt-image-1.5-official", "options", List.of(Map.of("name", "quality", "value", "HIGH")))))))
                .isEqualTo("BAD_USER_INPUT");
    }

    @Test
    void klingsDefaultTypeNeedsReferenceImages() {
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input", input("prompt", "a kling without images",
                "model", "kling-image-o1")));
        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("errors[0].extensions.fields[0].message")).isEqualTo("type image-to-image of "
                + "kling-image-o1 needs at least one reference image: send referenceImages, or choose another type "
                + "(ai-multi-shot)");
    }

    @Test
    void ownImagesCannotBeReferencesWithoutAPublicAddress() {
        String key = newKey();
        String image = awaitEnd(key, one.apiin.gateway.support.Generations.generate(key, "a fox " + UUID.randomUUID()))
                .getString("data.task.images[0].url");
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", input("prompt", "a kling of my fox",
                "model", "kling-image-o1", "referenceImages", List.of(image))));
        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("errors[0].extensions.fields[0].message")).isEqualTo("referenceImages[0] is an "
                + "image of this gateway, which has no address the upstream could fetch it from; send an https URL of "
                + "the image instead");
    }

    @Test
    void optionsArePartOfTheCacheKey() {
        String key = newKey();
        String prompt = "a cached ideogram " + UUID.randomUUID();
        Map<String, Object> turbo = input("prompt", prompt, "model", "ideogram-v3", "seed", 5);
        awaitEnd(key, post(key, Documents.GENERATE, Map.of("input", turbo)).getString("data.generateImage.id"));
        Map<String, Object> explicitTurbo = input("prompt", prompt, "model", "ideogram-v3", "seed", 5, "options",
                List.of(Map.of("name", "speed", "value", "turbo")));
        Map<String, Object> quality = input("prompt", prompt, "model", "ideogram-v3", "seed", 5, "options",
                List.of(Map.of("name", "speed", "value", "quality")));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> post(key,
                EstimateQuery.ESTIMATE, Map.of("input", explicitTurbo)).getBoolean("data.estimate.cached"));
        JsonPath other = post(key, EstimateQuery.ESTIMATE, Map.of("input", quality));
        assertThat(other.getBoolean("data.estimate.cached")).isFalse();
        assertThat(other.getInt("data.estimate.credits")).isEqualTo(20);
        JsonPath hit = post(key, Documents.GENERATE, Map.of("input", explicitTurbo));
        assertThat(hit.getBoolean("data.generateImage.cached")).isTrue();
        assertThat(hit.getInt("data.generateImage.creditsCharged")).isZero();
    }

    /** The estimate document, as a frontend sends it. */
    static final class EstimateQuery {
        static final String ESTIMATE = """
                query Estimate($input: GenerateImageInput!) {
                  estimate(input: $input) { model creditsPerImage credits cached }
                }
                """;
    }
}
