package one.apiin.gateway.playground;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Production's default (GATEWAY_PLAYGROUND_ENABLED unset): no page, no files, while the API works as ever. */
@QuarkusTest
@TestProfile(PlaygroundDisabledTest.Off.class)
class PlaygroundDisabledTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.playground.enabled", "false", "%test.gateway.playground.enabled", "false");
        }
    }

    @Test
    void offMeansNotFound() {
        given().get("/").then().statusCode(404);
        given().get("/playground/app.js").then().statusCode(404);
        given().contentType("application/json").body(Map.of("query", "{ models { id } }")).post("/graphql").then()
                .statusCode(200);
    }
}
