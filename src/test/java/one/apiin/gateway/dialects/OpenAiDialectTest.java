package one.apiin.gateway.dialects;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.GatewayKeysForTests;
import one.apiin.gateway.support.GraphQL;
import one.apiin.gateway.support.NodeClients;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.support.Tokens;

/**
 * OpenAI's images API, served by the gateway, driven by the official {@code openai} npm SDK (skipped, saying so, where
 * there is no Node.js): every call of a scenario runs in one SDK client, as an application would make them.
 */
@QuarkusTest
class OpenAiDialectTest {

    private final List<Map<String, Object>> calls = new ArrayList<>();

    @BeforeEach
    void node() {
        NodeClients.assumeAvailable();
    }

    private OpenAiDialectTest call(String name, String method, Map<String, Object> args) {
        return call(name, method, args, null);
    }

    private OpenAiDialectTest call(String name, String method, Map<String, Object> args, String idempotencyKey) {
        Map<String, Object> call = new LinkedHashMap<>(Map.of("name", name, "method", method, "args", args));
        if (idempotencyKey != null) {
            call.put("idempotencyKey", idempotencyKey);
        }
        calls.add(call);
        return this;
    }

    private JsonPath run(String key) throws IOException {
        String url = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        JsonPath results = NodeClients.run("openai-client.mjs", Map.of("GATEWAY_URL", url, "API_KEY", key,
                "SCENARIO", new ObjectMapper().writeValueAsString(Map.of("calls", calls))), null);
        calls.clear();
        return results;
    }

    private static BufferedImage image(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void imagesAreGeneratedAndAnsweredOnceTheyAreReadyAsUrlsOrInline() throws IOException {
        String prompt = "a lighthouse at dusk " + UUID.randomUUID();
        JsonPath results = call("urls", "generate", Map.of("model", "imagen4-fast", "prompt", prompt, "n", 2,
                "size", "1792x1024", "user", "someone"))
                .call("inline", "generate", Map.of("model", "imagen4-fast", "prompt", prompt + " tall",
                        "size", "1024x1792", "response_format", "b64_json"))
                .call("defaults", "generate", Map.of("prompt", prompt + " plain"))
                .run(newKey());

        assertThat(results.getBoolean("urls.ok")).as(results.prettify()).isTrue();
        assertThat(results.getLong("urls.value.created")).isPositive();
        List<String> urls = results.getList("urls.value.data.url");
        assertThat(urls).hasSize(2).allMatch(url -> url.matches("http://localhost:\\d+/images/[A-Za-z0-9_-]{32}\\.png"));
        BufferedImage wide = image(given().get(urls.get(0)).then().statusCode(200).extract().asByteArray());
        assertThat(new int[] { wide.getWidth(), wide.getHeight() }).containsExactly(512, 288);

        assertThat(results.getBoolean("inline.ok")).as(results.prettify()).isTrue();
        assertThat(results.getString("inline.value.data[0].url")).isNull();
        BufferedImage tall = image(Base64.getDecoder().decode(results.getString("inline.value.data[0].b64_json")));
        assertThat(new int[] { tall.getWidth(), tall.getHeight() }).containsExactly(288, 512);

        assertThat(results.getBoolean("defaults.ok")).as(results.prettify()).isTrue();
        assertThat(results.getList("defaults.value.data")).hasSize(1);
    }

    @Test
    void aSeededRepeatIsAnsweredFromTheCacheAndAnIdempotentRetryWithTheSameImages() throws IOException {
        Map<String, Object> seeded = Map.of("model", "imagen4-fast", "prompt", "a cached fox " + UUID.randomUUID(),
                "seed", 11);
        String key = newKey();
        JsonPath first = call("first", "generate", seeded).run(key);
        assertThat(first.getBoolean("first.ok")).as(first.prettify()).isTrue();
        int creates = Simulator.createAttempts();

        String idempotency = UUID.randomUUID().toString();
        Map<String, Object> unseeded = Map.of("model", "imagen4-fast", "prompt", "an idempotent fox " + UUID.randomUUID());
        JsonPath again = call("repeat", "generate", seeded)
                .call("once", "generate", unseeded, idempotency)
                .call("retry", "generate", unseeded, idempotency).run(key);

        assertThat(again.getBoolean("repeat.ok")).as(again.prettify()).isTrue();
        assertThat(again.getString("repeat.value.data[0].url")).isNotEqualTo(first.getString("first.value.data[0].url"));
        assertThat(given().get(again.getString("repeat.value.data[0].url")).then().statusCode(200).extract()
                .asByteArray()).isEqualTo(given().get(first.getString("first.value.data[0].url")).asByteArray());
        assertThat(again.getString("retry.value.data[0].url")).isEqualTo(again.getString("once.value.data[0].url"));
        assertThat(Simulator.createAttempts()).as("only the idempotent request reached the upstream")
                .isEqualTo(creates + 1);
    }

    @Test
    void everyRefusalReachesTheSdkInOpenAisShape() throws IOException {
        JsonPath results = call("short", "generate", Map.of("prompt", "no"))
                .call("size", "generate", Map.of("prompt", "a cat", "size", "huge"))
                .call("n", "generate", Map.of("model", "imagen4-fast", "prompt", "a cat", "n", 9))
                .call("format", "generate", Map.of("prompt", "a cat", "response_format", "svg"))
                .call("model", "generate", Map.of("model", "dall-e-9", "prompt", "a cat"))
                .call("limited", "generate", Map.of("prompt", "a hurried cat sim:429"))
                .call("broke", "generate", Map.of("prompt", "a poor cat sim:402"))
                .call("failed", "generate", Map.of("prompt", "a doomed cat sim:fail"))
                .call("unknownModel", "retrieveModel", Map.of("model", "dall-e-9"))
                .call("stream", "generate", Map.of("prompt", "a streamed cat", "stream", true))
                .run(newKey());

        assertThat(results.getString("short.kind")).as(results.prettify()).isEqualTo("BadRequestError");
        assertThat(results.getInt("short.status")).isEqualTo(400);
        assertThat(results.getString("short.type")).isEqualTo("invalid_request_error");
        assertThat(results.getString("short.param")).isEqualTo("prompt");
        assertThat(results.getString("short.error.message")).startsWith("prompt must be 3 to 5000 characters");
        assertThat(results.getString("size.param")).isEqualTo("size");
        assertThat(results.getString("size.error.message")).contains("WIDTHxHEIGHT");
        assertThat(results.getString("n.param")).isEqualTo("n");
        assertThat(results.getString("n.error.message")).isEqualTo("n must be between 1 and 4 for imagen4-fast");
        assertThat(results.getString("format.param")).isEqualTo("response_format");
        assertThat(results.getString("model.param")).isEqualTo("model");
        assertThat(results.getInt("model.status")).isEqualTo(400);

        assertThat(results.getString("limited.kind")).isEqualTo("RateLimitError");
        assertThat(results.getString("limited.code")).isEqualTo("rate_limit_exceeded");
        assertThat(results.getString("limited.retryAfter")).isEqualTo("1");
        assertThat(results.getString("broke.kind")).isEqualTo("RateLimitError");
        assertThat(results.getString("broke.code")).isEqualTo("insufficient_quota");
        assertThat(results.getString("broke.type")).isEqualTo("insufficient_quota");

        assertThat(results.getString("failed.kind")).isEqualTo("InternalServerError");
        assertThat(results.getInt("failed.status")).isEqualTo(502);
        assertThat(results.getString("failed.code")).isEqualTo("upstream_failed");
        assertThat(results.getString("failed.error.task_id")).isNotBlank();

        assertThat(results.getInt("stream.status")).as(results.prettify()).isEqualTo(400);
        assertThat(results.getString("stream.param")).isEqualTo("stream");
        assertThat(results.getString("unknownModel.kind")).isEqualTo("NotFoundError");
        assertThat(results.getString("unknownModel.code")).isEqualTo("model_not_found");
    }

    @Test
    void gatewayKeysAndTokensWorkThroughTheSdkWithTheirBudgets() throws IOException {
        String gatewayKey = GatewayKeysForTests.issue("budgetCredits", 6);
        JsonPath results = call("first", "generate", Map.of("model", "imagen4-fast", "prompt",
                "a gateway key's lighthouse " + UUID.randomUUID()))
                .call("overBudget", "generate", Map.of("model", "imagen4-fast", "prompt",
                        "a second lighthouse " + UUID.randomUUID()))
                .run(gatewayKey);
        assertThat(results.getBoolean("first.ok")).as(results.prettify()).isTrue();
        assertThat(results.getList("first.value.data")).hasSize(1);
        // The key's own budget, as on the mutation: 4 of 6 spent, the next 4 refused as OpenAI says it.
        assertThat(results.getInt("overBudget.status")).as(results.prettify()).isEqualTo(429);
        assertThat(results.getString("overBudget.code")).isEqualTo("insufficient_quota");
        assertThat(GraphQL.post(gatewayKey, "{ usage { creditsSpent remainingCredits } }").getInt(
                "data.usage.creditsSpent")).isEqualTo(4);

        JsonPath token = call("images", "generate", Map.of("model", "imagen4-fast", "prompt",
                "a token's lighthouse " + UUID.randomUUID())).run(Tokens.user("openai-sdk-user-" + UUID.randomUUID()));
        assertThat(token.getBoolean("images.ok")).as(token.prettify()).isTrue();
        assertThat(token.getList("images.value.data")).hasSize(1);
    }

    @Test
    void credentialsAreRefusedWith401() throws IOException {
        JsonPath results = call("images", "generate", Map.of("prompt", "a cat")).call("models", "listModels", Map.of())
                .run("gk_not_a_key_of_this_gateway");
        assertThat(results.getString("images.kind")).as(results.prettify()).isEqualTo("AuthenticationError");
        assertThat(results.getString("images.code")).isEqualTo("invalid_api_key");
        assertThat(results.getInt("models.status")).isEqualTo(401);
    }

    @Test
    void theCatalogIsListedAsOpenAiModels() throws IOException {
        JsonPath results = call("models", "listModels", Map.of())
                .call("one", "retrieveModel", Map.of("model", "imagen4-fast")).run(newKey());
        assertThat(results.getList("models.value.id")).as(results.prettify()).contains("imagen4", "imagen4-fast",
                "gpt-image-1.5-official");
        assertThat(results.getList("models.value.object")).containsOnly("model");
        assertThat(results.getString("one.value.id")).isEqualTo("imagen4-fast");
        assertThat(results.getString("one.value.owned_by")).isEqualTo("imagen-4");
    }

    @Test
    void aGenerationLongerThanTheWaitIs504WithItsTaskIdAndGoesOn() throws IOException {
        String key = newKey();
        JsonPath results = call("slow", "generate", Map.of("prompt", "a patient snail sim:pending")).run(key);
        assertThat(results.getInt("slow.status")).as(results.prettify()).isEqualTo(504);
        assertThat(results.getString("slow.code")).isEqualTo("timeout");
        String taskId = results.getString("slow.error.task_id");
        assertThat(results.getString("slow.error.message")).contains(taskId);
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .get("/api/v1/tasks/" + taskId).then().statusCode(200)
                .body("data.status", org.hamcrest.Matchers.oneOf("pending", "in_progress"));
    }
}
