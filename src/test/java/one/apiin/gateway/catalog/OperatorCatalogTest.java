package one.apiin.gateway.catalog;

import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Generations;
import one.apiin.gateway.support.LogLines;
import one.apiin.gateway.support.Simulator;

/**
 * An operator's catalog file (GATEWAY_CATALOG_FILE) replaces the built-in one: it retires imagen4-ultra (replacement
 * imagen4), deprecates imagen4-fast and reprices ideogram-v3. Without fallbacks a RETIRED model is refused naming its
 * replacement; a DEPRECATED one is still served, says so in {@code models}, and is told in one log line per owner and day.
 */
@QuarkusTest
@TestProfile(OperatorCatalogTest.OperatorFile.class)
class OperatorCatalogTest {

    static final String MODELS = "query { models { id status retiresOn replacement creditsPerImage } }";

    public static class OperatorFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.catalog.file", "src/test/resources/catalog/lifecycle.json");
        }
    }

    @Test
    void theFileIsTheCatalog() {
        JsonPath models = post(null, MODELS);
        assertThat(models.getMap("data.models.find { it.id == 'imagen4-ultra' }")).containsEntry("status", "RETIRED")
                .containsEntry("replacement", "imagen4");
        assertThat(models.getMap("data.models.find { it.id == 'imagen4-fast' }")).containsEntry("status", "DEPRECATED")
                .containsEntry("replacement", "imagen4").containsEntry("retiresOn", "2026-12-31T00:00:00Z");
        assertThat(models.getInt("data.models.find { it.id == 'ideogram-v3' }.creditsPerImage")).isEqualTo(9);
    }

    @Test
    void aRetiredModelIsRefusedNamingItsReplacement() {
        String key = newKey();
        int creates = Simulator.createAttempts();
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", input("prompt", "an ultra lighthouse",
                "model", "imagen4-ultra")));

        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getList("errors[0].extensions.fields.message"))
                .containsExactly("model imagen4-ultra is retired; use its replacement imagen4");
        assertThat(errorCode(post(key, "query E($input: GenerateImageInput!) { estimate(input: $input) { model } }",
                Map.of("input", input("prompt", "an ultra estimate", "model", "imagen4-ultra")))))
                .isEqualTo("BAD_USER_INPUT");
        assertThat(Simulator.createAttempts()).isEqualTo(creates);
    }

    @Test
    void aDeprecatedModelIsStillServedAndARepricedOneChargesTheNewPrice() {
        String key = newKey();
        JsonPath fast;
        try (LogLines notes = LogLines.atLeast(ModelLifecycle.class.getName(), Level.INFO)) {
            fast = awaitEnd(key, Generations.generate(key, input("prompt", "a deprecated lighthouse",
                    "model", "imagen4-fast")).getString("data.generateImage.id"));
            Generations.generate(key, input("prompt", "a deprecated lighthouse again", "model", "imagen4-fast"));
            Generations.generate(newKey(), input("prompt", "another owner's deprecated lighthouse",
                    "model", "imagen4-fast"));
            // One line per owner, model and day: two owners, three requests.
            assertThat(notes.messages()).hasSize(2).allSatisfy(line -> assertThat(line)
                    .contains("still uses the DEPRECATED model imagen4-fast (replacement imagen4, retires on 2026-12-31)")
                    .doesNotContain("aio_"));
        }
        assertThat(fast.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(fast.getString("data.task.model")).isEqualTo("imagen4-fast");
        assertThat(fast.getInt("data.task.creditsCharged")).isEqualTo(4);

        JsonPath ideogram = awaitEnd(key, Generations.generate(key, input("prompt", "a repriced lighthouse",
                "model", "ideogram-v3")).getString("data.generateImage.id"));
        assertThat(ideogram.getInt("data.task.creditsCharged")).isEqualTo(9);
    }
}
