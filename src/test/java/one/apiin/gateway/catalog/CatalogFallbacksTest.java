package one.apiin.gateway.catalog;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Generations;
import one.apiin.gateway.support.GraphQL;
import one.apiin.gateway.support.LogLines;
import one.apiin.gateway.support.Management;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.support.Tokens;

/**
 * With GATEWAY_CATALOG_FALLBACKS on, a request for a RETIRED model runs on its replacement at the replacement's price
 * (model is what ran, requestedModel what was asked, and the estimate says so first); an upstream that answers a
 * model is gone retires it (in Redis: on every replica) and its next requests run on its replacement.
 */
@QuarkusTest
@TestProfile(CatalogFallbacksTest.Fallbacks.class)
class CatalogFallbacksTest {

    public static class Fallbacks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.catalog.file", "src/test/resources/catalog/lifecycle.json",
                    "gateway.catalog.fallbacks", "true");
        }
    }

    @Inject
    RedisDataSource redis;

    @AfterEach
    void operatorRestoresTheModel() {
        redis.execute("HDEL", ModelLifecycle.RETIRED_KEY, "grok-imagine");
        Simulator.reset();
    }

    /** gateway_catalog_retired_total for the model, as Prometheus reads it (0 before its first retirement). */
    static double retiredCount(String model) {
        String metrics = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("gateway_catalog_retired_total{")
                && line.contains("model=\"" + model + "\"")).mapToDouble(line -> Double.parseDouble(
                        line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aRetiredModelRunsOnItsReplacementAtItsPrice() {
        String key = newKey();
        String prompt = "an ultra lighthouse " + UUID.randomUUID();
        Map<String, Object> input = input("prompt", prompt, "model", "imagen4-ultra", "numImages", 2);

        JsonPath estimate = post(key, "query E($input: GenerateImageInput!) { estimate(input: $input) "
                + "{ model creditsPerImage credits } }", Map.of("input", input));
        assertThat(estimate.getMap("data.estimate")).containsEntry("model", "imagen4")
                .containsEntry("creditsPerImage", 8).containsEntry("credits", 16);
        JsonPath created = Generations.generate(key, input);
        assertThat(created.getString("data.generateImage.model")).isEqualTo("imagen4");
        assertThat(created.getString("data.generateImage.requestedModel")).isEqualTo("imagen4-ultra");
        JsonPath ended = awaitEnd(key, created.getString("data.generateImage.id"));

        assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(16);
        assertThat(ended.getString("data.task.requestedModel")).isEqualTo("imagen4-ultra");
        assertThat(Simulator.received(prompt).getString("model")).isEqualTo("imagen4");
        assertThat(Simulator.billedFor(prompt)).isEqualTo(16);
    }

    @Test
    void anUpstreamSayingTheModelIsGoneRetiresItOnEveryReplica() {
        String key = newKey();
        given().contentType(ContentType.JSON).body(Map.of("model", "grok-imagine"))
                .post("/simulator/control/gone-models").then().statusCode(200);
        double retiredBefore = retiredCount("grok-imagine");

        try (LogLines warnings = LogLines.atLeast(ModelLifecycle.class.getName(), Level.WARNING)) {
            JsonPath refused = post(key, Documents.GENERATE, Map.of("input", input("prompt", "a gone grok",
                    "model", "grok-imagine")));
            assertThat(refused.getList("errors")).as(refused.prettify()).isNotNull();

            await().atMost(Duration.ofSeconds(5)).until(() -> "RETIRED".equals(post(null,
                    OperatorCatalogTest.MODELS).getString("data.models.find { it.id == 'grok-imagine' }.status")));
            assertThat(redis.execute("HEXISTS", ModelLifecycle.RETIRED_KEY, "grok-imagine").toInteger()).isEqualTo(1);
            // Told once, to the operator: one line naming the model, its replacement and how to lift it, one count.
            await().atMost(Duration.ofSeconds(5)).until(() -> retiredCount("grok-imagine") == retiredBefore + 1);
            assertThat(warnings.messages()).singleElement().asString()
                    .contains("model grok-imagine is no longer available", "its requests run on imagen4-fast",
                            "restoreModel (id: \"grok-imagine\")", "HDEL " + ModelLifecycle.RETIRED_KEY + " grok-imagine");
        }
        String prompt = "a grok after its end " + UUID.randomUUID();
        try {
            ranOnReplacement(key, prompt);
        } finally {
            Simulator.reset();
        }

        // The upstream serves it again: an admin lifts the retirement, and its requests run on it once more.
        String restore = "mutation R($id: String!) { restoreModel(id: $id) { id status } }";
        assertThat(GraphQL.errorCode(post(key, restore, Map.of("id", "grok-imagine")))).as("not an admin's")
                .isIn("UNAUTHENTICATED", "FORBIDDEN");
        JsonPath restored = post(Tokens.admin(), restore, Map.of("id", "grok-imagine"));
        assertThat(restored.getMap("data.restoreModel")).as(restored.prettify()).containsEntry("status", "ACTIVE");
        assertThat(redis.execute("HEXISTS", ModelLifecycle.RETIRED_KEY, "grok-imagine").toInteger()).isZero();
        JsonPath again = Generations.generate(key, input("prompt", "a grok back " + UUID.randomUUID(),
                "model", "grok-imagine"));
        assertThat(again.getString("data.generateImage.model")).isEqualTo("grok-imagine");
        assertThat(again.getString("data.generateImage.requestedModel")).isEqualTo("grok-imagine");
        // What the catalog itself retires, or does not hold, is not the mutation's to change.
        assertThat(post(Tokens.admin(), restore, Map.of("id", "imagen4-ultra")).getString(
                "errors[0].extensions.fields[0].message")).contains("RETIRED in the catalog itself");
        assertThat(GraphQL.errorCode(post(Tokens.admin(), restore, Map.of("id", "no-such-model"))))
                .isEqualTo("BAD_USER_INPUT");
    }

    private void ranOnReplacement(String key, String prompt) {
        JsonPath created = Generations.generate(key, input("prompt", prompt, "model", "grok-imagine"));
        assertThat(created.getString("data.generateImage.model")).isEqualTo("imagen4-fast");
        assertThat(created.getString("data.generateImage.requestedModel")).isEqualTo("grok-imagine");
        assertThat(awaitEnd(key, created.getString("data.generateImage.id")).getInt("data.task.creditsCharged"))
                .isEqualTo(4);
    }
}
