package one.apiin.gateway.catalog;

import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.support.Tokens;

/**
 * The operator's smoke check, here against the simulator (against the real upstream it is run by hand after a
 * deploy, never in CI): one cheap creation per ACTIVE model, and what the upstream answered to each.
 */
@QuarkusTest
class SmokeCheckTest {

    static final String SMOKE = """
            mutation { smokeCheckModels { model upstreamModel credits outcome upstreamTaskId message } }
            """;

    @Test
    void everyActiveModelIsTriedOnceCheaplyAndItsAnswerReported() {
        int creates = Simulator.createAttempts();
        JsonPath answer = post(Tokens.admin(), SMOKE);

        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        List<Map<String, Object>> results = answer.getList("data.smokeCheckModels");
        assertThat(results).extracting(r -> r.get("model")).containsExactly("imagen4-fast", "imagen4",
                "imagen4-ultra", "grok-imagine", "kling-image-o1", "ideogram-v3", "gpt-image-1.5-official");
        assertThat(results).allSatisfy(r -> assertThat(r).containsEntry("outcome", "CREATED"));
        assertThat(answer.getMap("data.smokeCheckModels.find { it.model == 'kling-image-o1' }"))
                .containsEntry("credits", 16);
        assertThat(answer.getMap("data.smokeCheckModels.find { it.model == 'ideogram-v3' }"))
                .containsEntry("upstreamModel", "ideogram-v3-turbo").containsEntry("credits", 8);
        assertThat(Simulator.createAttempts()).isEqualTo(creates + 7);
    }

    @Test
    void aGoneModelIsReportedRefusedAndOnlyAdminsMayRunIt() {
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("model", "grok-imagine")).post("/simulator/control/gone-models").then().statusCode(200);
        try {
            JsonPath answer = post(Tokens.admin(), SMOKE);
            assertThat(answer.getMap("data.smokeCheckModels.find { it.model == 'grok-imagine' }"))
                    .containsEntry("credits", 0).containsEntry("upstreamTaskId", null);
            assertThat(answer.getString("data.smokeCheckModels.find { it.model == 'grok-imagine' }.outcome"))
                    .startsWith("REFUSED");
        } finally {
            Simulator.reset();
        }
        assertThat(errorCode(post(newKey(), SMOKE))).isEqualTo("UNAUTHENTICATED");
    }
}
