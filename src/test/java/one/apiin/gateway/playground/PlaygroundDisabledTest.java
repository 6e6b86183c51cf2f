package one.apiin.gateway.playground;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import one.apiin.gateway.support.SharedProfiles;

/**
 * Production's default (GATEWAY_PLAYGROUND_ENABLED unset): no page, no files, while the API works as ever. The
 * playground is off in the shared {@link SharedProfiles.OptIns} profile.
 */
@QuarkusTest
@TestProfile(SharedProfiles.OptIns.class)
class PlaygroundDisabledTest {

    @Test
    void offMeansNotFound() {
        given().get("/").then().statusCode(404);
        given().get("/playground/app.js").then().statusCode(404);
        given().contentType("application/json").body(Map.of("query", "{ models { id } }")).post("/graphql").then()
                .statusCode(200);
    }
}
