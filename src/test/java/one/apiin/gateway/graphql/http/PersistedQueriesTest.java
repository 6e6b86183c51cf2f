package one.apiin.gateway.graphql.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import one.apiin.gateway.auth.ApiKeys;

/** Automatic persisted queries (Apollo's protocol) against the registry in Redis, over POST and GET. */
@QuarkusTest
class PersistedQueriesTest {

    private static Map<String, Object> persisted(String hash) {
        return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
    }

    @Test
    void anUnknownHashIsNotFoundThenTheDocumentRegistersAndTheHashAloneWorks() {
        // A document no other run registered: its hash is new to the registry.
        String document = "query Models" + UUID.randomUUID().toString().replace("-", "") + " { models { id } }";
        String hash = ApiKeys.sha256Hex(document);
        given().contentType("application/json").body(Map.of("extensions", persisted(hash))).post("/graphql")
                .then().statusCode(200).body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_FOUND"));
        given().contentType("application/json").accept("application/graphql-response+json")
                .body(Map.of("extensions", persisted(hash))).post("/graphql")
                .then().statusCode(400).body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_FOUND"));

        given().contentType("application/json").body(Map.of("query", document, "extensions", persisted(hash)))
                .post("/graphql").then().statusCode(200).body("data.models[0].id", notNullValue());

        given().contentType("application/json").body(Map.of("extensions", persisted(hash))).post("/graphql")
                .then().statusCode(200).body("data.models[0].id", notNullValue());
        given().queryParam("extensions", "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}")
                .get("/graphql").then().statusCode(200).header("Cache-Control", "public, max-age=60")
                .body("data.models[0].id", notNullValue());
        given().queryParam("documentId", "sha256:" + hash).get("/graphql").then().statusCode(200)
                .body("data.models[0].id", notNullValue());
    }

    @Test
    void aHashThatIsNotTheDocumentsIsRefusedAndNothingRegisters() {
        String document = "query Other" + UUID.randomUUID().toString().replace("-", "") + " { models { id } }";
        String wrong = ApiKeys.sha256Hex(document + " ");
        given().contentType("application/json").body(Map.of("query", document, "extensions", persisted(wrong)))
                .post("/graphql").then().statusCode(200).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("sha256Hash"));
        given().contentType("application/json").body(Map.of("extensions", persisted(wrong))).post("/graphql")
                .then().body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_FOUND"));
    }

    @Test
    void malformedPersistedQueryExtensionsAreBadUserInput() {
        given().contentType("application/json").body(Map.of("extensions", persisted("not-a-hash"))).post("/graphql")
                .then().statusCode(400).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        given().contentType("application/json").body(Map.of("query", "{ __typename }", "extensions",
                Map.of("persistedQuery", "x"))).post("/graphql").then().statusCode(400);
    }
}
