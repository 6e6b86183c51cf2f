package one.apiin.gateway.graphql.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.json.JsonObject;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.replicas.GatewayProcess;
import one.apiin.gateway.support.NodeClients;

/**
 * The transports of the packaged service (target/quarkus-app, prod profile), through the frontends' npm clients: the
 * GraphQL-over-HTTP audit, graphql-sse following a task, urql's persisted queries; and a second replica that trusts
 * only its manifest. Database and Redis: the test ones (overridable as for the unit tests).
 */
class TransportsIT {

    private static final String LISTED = "query Listed { models { id } }";
    private static GatewayProcess apq;
    private static GatewayProcess trusted;

    @BeforeAll
    static void start() throws Exception {
        apq = new GatewayProcess("transports-apq", env()).start();
        Path manifest = Files.createTempFile("persisted-documents", ".json");
        Files.writeString(manifest, new JsonObject().put(ApiKeys.sha256Hex(LISTED), LISTED).encode());
        trusted = GatewayProcess.trusted("transports-trusted", manifest).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (apq != null) {
            apq.close();
        }
        if (trusted != null) {
            trusted.close();
        }
    }

    private static Map<String, String> env() {
        return GatewayProcess.onTestServices("transports");
    }

    @Test
    void theAuditPassesEveryMustAndShould() {
        NodeClients.assumeAvailable(NodeClients.TRANSPORTS);
        Path report = Path.of("target", "graphql-over-http-audit-packaged.md").toAbsolutePath();
        List<JsonNode> audits = NodeClients
                .jsonLines(NodeClients.node(NodeClients.TRANSPORTS, "audit.mjs", apq.url() + "/graphql",
                        report.toString()));
        assertThat(audits).hasSizeGreaterThan(50).allSatisfy(audit -> assertThat(audit.get("status").asText())
                .as(audit.toString()).isIn("ok", "notice"));
    }

    @Test
    void graphqlSseFollowsATaskToItsEnd() {
        NodeClients.assumeAvailable(NodeClients.TRANSPORTS);
        String key = "aio_it_" + UUID.randomUUID().toString().replace("-", "");
        String id = given().contentType("application/json").header("Authorization", "Bearer " + key)
                .body(Map.of("query", "mutation { generateImage(input: {prompt: \"a packaged stream\"}) { id } }"))
                .post(apq.url() + "/graphql").then().statusCode(200).extract().path("data.generateImage.id");
        List<JsonNode> results = NodeClients
                .jsonLines(NodeClients.node(NodeClients.TRANSPORTS, "sse.mjs", apq.url() + "/graphql", key, id));
        assertThat(results.get(results.size() - 1).path("complete").asBoolean()).isTrue();
        assertThat(results.get(results.size() - 2).at("/data/task/status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void urqlsPersistedQueriesWork() {
        NodeClients.assumeAvailable(NodeClients.TRANSPORTS);
        JsonNode run = NodeClients.jsonLines(NodeClients.node(NodeClients.TRANSPORTS, "apq.mjs", apq.url() + "/graphql",
                UUID.randomUUID().toString().replace("-", ""))).get(0);
        assertThat(run.at("/second/models").asInt()).as(run.toString()).isGreaterThan(0);
        assertThat(run.get("requests")).hasSize(3);
    }

    @Test
    void aTrustedReplicaRunsOnlyItsManifest() {
        given().queryParam("documentId", "sha256:" + ApiKeys.sha256Hex(LISTED)).get(trusted.url() + "/graphql")
                .then().statusCode(200).body("data.models[0].id", notNullValue());
        given().contentType("application/json").body(Map.of("query", "{ models { id name } }"))
                .post(trusted.url() + "/graphql").then()
                .body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
    }
}
