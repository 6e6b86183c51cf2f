package one.apiin.gateway.graphql.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import one.apiin.gateway.support.GraphQL;

/** GET for queries, caching by what an answer depends on, methods and media types (GraphQL over HTTP). */
@QuarkusTest
class HttpTransportTest {

    private static final String MODELS = "{ models { id creditsPerImage } }";

    @Test
    void modelsOverGetArePublicWithAnEtagAndA304() {
        Response first = given().queryParam("query", MODELS).get("/graphql");
        first.then().statusCode(200).contentType(startsWith("application/json"))
                .header("Cache-Control", "public, max-age=60").body("data.models[0].id", org.hamcrest.Matchers.notNullValue());
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        given().queryParam("query", MODELS).header("If-None-Match", etag).get("/graphql")
                .then().statusCode(304).header("ETag", etag).body(emptyOrNullString());
        given().queryParam("query", MODELS).header("If-None-Match", "\"other\"").get("/graphql")
                .then().statusCode(200).header("ETag", etag);
    }

    @Test
    void answersThatDependOnTheCallerArePrivateAndVaryOnAuthorization() {
        given().queryParam("query", "{ tasks(first: 1) { edges { cursor } } }")
                .header("Authorization", "Bearer " + GraphQL.newKey()).get("/graphql")
                .then().statusCode(200).header("Cache-Control", "private, no-store")
                .header("Vary", containsString("Authorization")).body("data.tasks.edges.size()", equalTo(0));
        // Mixed with a caller's field, the catalog is private too.
        given().queryParam("query", "{ models { id } tasks(first: 1) { edges { cursor } } }").get("/graphql")
                .then().header("Cache-Control", "private, no-store");
        // And so is a POST, even of the catalog.
        given().contentType("application/json").body(Map.of("query", MODELS)).post("/graphql")
                .then().statusCode(200).header("Cache-Control", "private, no-store");
    }

    @Test
    void getTakesVariablesOperationNameAndExtensionsAsUrlParameters() {
        given().queryParam("query", "query A { models { id } } query B($id: String!) { __type(name: $id) { name } }")
                .queryParam("operationName", "B").queryParam("variables", "{\"id\":\"Model\"}")
                .queryParam("extensions", "{}").get("/graphql")
                .then().statusCode(200).body("data.__type.name", equalTo("Model"));
        given().queryParam("query", MODELS).queryParam("variables", "[1]").get("/graphql")
                .then().statusCode(400).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
    }

    @Test
    void mutationsAndSubscriptionsOverGetAre405AllowPost() {
        given().queryParam("query", "mutation { generateImage(input: {prompt: \"a cat\"}) { id } }")
                .header("Authorization", "Bearer " + GraphQL.newKey()).get("/graphql")
                .then().statusCode(405).header("Allow", "POST").body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", containsString("POST"));
        given().queryParam("query", "subscription { task(id: \"x\") { id } }").get("/graphql")
                .then().statusCode(405).header("Allow", "POST");
    }

    @Test
    void aPostWithoutOrWithAnotherContentTypeIs415() {
        given().body("{\"query\":\"{ __typename }\"}").post("/graphql").then().statusCode(415)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        given().contentType("text/plain").body("{\"query\":\"{ __typename }\"}").post("/graphql").then()
                .statusCode(415).body("errors[0].message", containsString("application/json"));
        given().contentType("application/graphql").body("{ __typename }".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/graphql").then().statusCode(200)
                .body("data.__typename", equalTo("Query"));
    }

    @Test
    void requestErrorsAre400UnderGraphqlResponseJsonAnd200UnderJson() {
        for (String query : new String[] { "{", "{ nope }", "query Q($id: ID!) { __typename }" }) {
            given().contentType("application/json").accept("application/graphql-response+json")
                    .body(Map.of("query", query)).post("/graphql").then().statusCode(400)
                    .contentType(startsWith("application/graphql-response+json"))
                    .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
            given().contentType("application/json").accept("application/json").body(Map.of("query", query))
                    .post("/graphql").then().statusCode(200).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        }
        // A field error keeps its data (null) and so its 200, whatever the type.
        given().contentType("application/json").accept("application/graphql-response+json")
                .body(Map.of("query", "{ tasks { edges { cursor } } }")).post("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        given().contentType("application/json").accept("text/html").body(Map.of("query", MODELS)).post("/graphql")
                .then().statusCode(406);
    }

    @Test
    void aSubscriptionWithoutAStreamIsRefused() {
        given().contentType("application/json").body(Map.of("query", "subscription { task(id: \"x\") { id } }"))
                .post("/graphql").then().statusCode(400).body("errors[0].message", containsString("text/event-stream"));
    }
}
