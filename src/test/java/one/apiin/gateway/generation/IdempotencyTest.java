package one.apiin.gateway.generation;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.concurrently;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

/** Idempotent retries: the same key from the same owner returns the same task, and nothing is generated twice. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    Pool pool;

    @Test
    void aRetryWithTheSameKeyReturnsTheSameTaskAndGeneratesOnce() {
        String key = newKey();
        Map<String, Object> request = input("prompt", "once only " + UUID.randomUUID(), "idempotencyKey",
                "order-" + UUID.randomUUID());
        int creates = Simulator.creates();

        JsonPath first = post(key, Documents.GENERATE, Map.of("input", request));
        JsonPath retry = post(key, Documents.GENERATE, Map.of("input", request));

        assertThat(retry.getList("errors")).isNull();
        assertThat(retry.getString("data.generateImage.id")).isEqualTo(first.getString("data.generateImage.id"));
        JsonPath ended = awaitEnd(key, first.getString("data.generateImage.id"));
        assertThat(post(key, Documents.GENERATE, Map.of("input", request)).getString("data.generateImage.status"))
                .isEqualTo(ended.getString("data.task.status"));
        assertThat(Simulator.creates() - creates).isEqualTo(1);
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).hasSize(1);
    }

    @Test
    void retriesWhileTheFirstIsStillInFlightShareItsTask() {
        String key = newKey();
        // The upstream takes 1.5 s to answer the creation: every retry arrives while the first is under way.
        Map<String, Object> request = input("prompt", "a slow start sim:createDelay=1500 " + UUID.randomUUID(),
                "idempotencyKey", "k-" + UUID.randomUUID());
        int creates = Simulator.creates();

        List<JsonPath> answers = concurrently(8, () -> post(key, Documents.GENERATE, Map.of("input", request)));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.getList("errors")).isNull());
        assertThat(answers.stream().map(answer -> answer.getString("data.generateImage.id")).distinct()).hasSize(1);
        awaitEnd(key, answers.get(0).getString("data.generateImage.id"));
        assertThat(Simulator.creates() - creates).isEqualTo(1);
    }

    @Test
    void theHeaderWorksLikeTheInputField() {
        String key = newKey();
        String idempotencyKey = "header-" + UUID.randomUUID();
        Map<String, Object> request = input("prompt", "by header " + UUID.randomUUID());
        String first = withHeader(key, idempotencyKey, request).getString("data.generateImage.id");
        assertThat(withHeader(key, idempotencyKey, request).getString("data.generateImage.id")).isEqualTo(first);
        // The same key in the input names the same claim.
        assertThat(post(key, Documents.GENERATE, Map.of("input", with(request, "idempotencyKey", idempotencyKey)))
                .getString("data.generateImage.id")).isEqualTo(first);

        JsonPath differing = withHeader(key, idempotencyKey, with(request, "idempotencyKey", "another"));
        assertThat(errorCode(differing)).isEqualTo("BAD_USER_INPUT");
        assertThat(differing.getString("errors[0].extensions.fields[0].field")).isEqualTo("idempotencyKey");
    }

    @Test
    void theSameKeyForAnotherRequestIsRefusedAndStartsNothing() {
        String key = newKey();
        String idempotencyKey = "reused-" + UUID.randomUUID();
        post(key, Documents.GENERATE, Map.of("input", input("prompt", "the first " + UUID.randomUUID(),
                "idempotencyKey", idempotencyKey)));
        int creates = Simulator.creates();

        JsonPath other = post(key, Documents.GENERATE, Map.of("input", input("prompt", "another prompt",
                "idempotencyKey", idempotencyKey)));

        assertThat(errorCode(other)).isEqualTo("BAD_USER_INPUT");
        assertThat(other.getString("errors[0].extensions.fields[0].field")).isEqualTo("idempotencyKey");
        assertThat(other.getString("errors[0].message")).contains("another request");
        assertThat(Simulator.creates()).isEqualTo(creates);
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).hasSize(1);
    }

    @Test
    void keysBelongToTheirOwnerAndAreStoredHashed() {
        String idempotencyKey = "shared-name-" + UUID.randomUUID();
        Map<String, Object> request = input("prompt", "two owners " + UUID.randomUUID(), "idempotencyKey",
                idempotencyKey);
        String first = newKey();
        String second = newKey();
        String a = post(first, Documents.GENERATE, Map.of("input", request)).getString("data.generateImage.id");
        String b = post(second, Documents.GENERATE, Map.of("input", request)).getString("data.generateImage.id");

        assertThat(a).isNotEqualTo(b);
        long hashed = pool.preparedQuery("select count(*) from idempotency_key where key_hash = $1")
                .execute(Tuple.of(ApiKeys.sha256Hex(idempotencyKey))).await().indefinitely().iterator().next()
                .getLong(0);
        assertThat(hashed).isEqualTo(2);
        long clear = pool.preparedQuery("select count(*) from idempotency_key where key_hash = $1 or request_hash = $1")
                .execute(Tuple.of(idempotencyKey)).await().indefinitely().iterator().next().getLong(0);
        assertThat(clear).isZero();
    }

    @Test
    void aKeyWhoseFirstRequestWasRefusedMayBeUsedAgain() {
        String key = newKey();
        Map<String, Object> request = input("prompt", "refused first " + UUID.randomUUID(), "idempotencyKey",
                "again-" + UUID.randomUUID());
        Simulator.failCreates(400, 1, null);
        JsonPath refused = post(key, Documents.GENERATE, Map.of("input", request));
        assertThat(errorCode(refused)).isEqualTo("BAD_USER_INPUT");
        int creates = Simulator.creates();

        JsonPath retry = post(key, Documents.GENERATE, Map.of("input", request));

        assertThat(retry.getList("errors")).isNull();
        awaitEnd(key, retry.getString("data.generateImage.id"));
        assertThat(Simulator.creates() - creates).isEqualTo(1);
    }

    private static JsonPath withHeader(String key, String idempotencyKey, Map<String, Object> request) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", idempotencyKey)
                .body(Map.of("query", Documents.GENERATE, "variables", Map.of("input", request)))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> with(Map<String, Object> input, String name, Object value) {
        return one.apiin.gateway.support.Generations.with(input, name, value);
    }
}
