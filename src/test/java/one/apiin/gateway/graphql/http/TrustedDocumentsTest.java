package one.apiin.gateway.graphql.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

import one.apiin.gateway.auth.ApiKeys;

/**
 * A replica that runs only the documents of its manifest (GATEWAY_PERSISTED_DOCUMENTS=trusted), in the shape
 * graphql-codegen's client preset writes (persisted-documents.json: SHA-256 hash to document).
 */
@QuarkusTest
@TestProfile(TrustedDocumentsTest.Trusted.class)
class TrustedDocumentsTest {

    static final String MODELS = "query Models { models { id } }";
    static final String TYPENAME = "query Typename { __typename }";

    public static class Trusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path manifest = Files.createTempFile("persisted-documents", ".json");
                Files.writeString(manifest, new JsonObject().put(ApiKeys.sha256Hex(MODELS), MODELS)
                        .put(ApiKeys.sha256Hex(TYPENAME), TYPENAME).encodePrettily());
                manifest.toFile().deleteOnExit();
                return Map.of("gateway.persisted-documents", "trusted",
                        "gateway.persisted-documents.manifest", manifest.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void overAWebsocketTooOnlyTheManifestsDocumentsRun() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create(graphql.toString().replace("http", "ws")), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        try {
            socket.sendText("{\"type\":\"connection_init\",\"payload\":{}}", true).join();
            socket.sendText(new JsonObject().put("id", "1").put("type", "subscribe")
                    .put("payload", new JsonObject().put("query", "{ models { id name } }")).encode(), true).join();
            socket.sendText(new JsonObject().put("id", "2").put("type", "subscribe")
                    .put("payload", new JsonObject().put("query", MODELS)).encode(), true).join();
            // The refused one is an error message for its id (no data: it never ran); the listed one runs.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(received).anySatisfy(m -> assertThat(m).contains("\"id\":\"1\"")
                        .contains("PERSISTED_QUERY_NOT_IN_LIST"));
                assertThat(received).anySatisfy(m -> assertThat(m).contains("\"id\":\"2\"").contains("\"models\""));
            });
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    private static Map<String, Object> persisted(String hash) {
        return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
    }

    @Test
    void theManifestsDocumentsRunByHashByDocumentIdAndInFull() {
        String hash = ApiKeys.sha256Hex(MODELS);
        given().contentType("application/json").body(Map.of("extensions", persisted(hash))).post("/graphql")
                .then().statusCode(200).body("data.models[0].id", notNullValue());
        given().contentType("application/json").body(Map.of("documentId", "sha256:" + hash)).post("/graphql")
                .then().statusCode(200).body("data.models[0].id", notNullValue());
        given().queryParam("documentId", "sha256:" + hash).get("/graphql").then().statusCode(200)
                .header("Cache-Control", "public, max-age=60").body("data.models[0].id", notNullValue());
        given().contentType("application/json").body(Map.of("query", TYPENAME)).post("/graphql")
                .then().statusCode(200).body("data.__typename", equalTo("Query"));
    }

    @Test
    void anyOtherDocumentIsNotInList() {
        String other = "query Other { models { id name } }";
        given().contentType("application/json").body(Map.of("query", other)).post("/graphql")
                .then().statusCode(200).body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
        given().contentType("application/json").accept("application/graphql-response+json")
                .body(Map.of("extensions", persisted(ApiKeys.sha256Hex(other)))).post("/graphql")
                .then().statusCode(400).body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
        // Registration (APQ) is refused: the document does not run, and its hash stays unknown.
        given().contentType("application/json")
                .body(Map.of("query", other, "extensions", persisted(ApiKeys.sha256Hex(other)))).post("/graphql")
                .then().body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
        given().contentType("application/json").body(Map.of("extensions", persisted(ApiKeys.sha256Hex(other))))
                .post("/graphql").then().body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
        // A listed hash with another document is not the listed document.
        given().contentType("application/json")
                .body(Map.of("query", other, "extensions", persisted(ApiKeys.sha256Hex(MODELS)))).post("/graphql")
                .then().body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
    }
}
