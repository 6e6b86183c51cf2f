package one.apiin.gateway.graphql.guard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Dev mode's settings (the dev profile under the test profile's databases): a frontend's dev server on
 * localhost:5173 (Vite) is served over HTTP and websockets without any setting; other origins still are not.
 */
@QuarkusTest
@TestProfile(DevModeCorsTest.DevSettings.class)
class DevModeCorsTest {

    static final String VITE = "http://localhost:5173";

    /** Both profiles: dev's values where the test profile has none of its own (the test profile wins ties). */
    public static class DevSettings implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "dev,test";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void aLocalDevServerIsServed() {
        var preflight = given().header("Origin", VITE).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/graphql").then().extract();
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(VITE);
        var answer = given().header("Origin", VITE).contentType("application/json")
                .body(Map.of("query", "{ models { id } }")).post("/graphql").then().extract();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(VITE);
        assertThat(CorsTest.upgrade(graphql, VITE)).isEqualTo(101);
        assertThat(CorsTest.upgrade(graphql, "http://127.0.0.1:5173")).isEqualTo(101);
    }

    @Test
    void otherOriginsStillAreNot() {
        var answer = given().header("Origin", "https://evil.example.com").contentType("application/json")
                .body(Map.of("query", "{ models { id } }")).post("/graphql").then().extract();
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(CorsTest.upgrade(graphql, "https://evil.example.com")).isEqualTo(403);
    }
}
