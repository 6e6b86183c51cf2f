package one.apiin.gateway.playground;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** The playground page and its files as the gateway serves them: types, the strict policy, nothing else served. */
@QuarkusTest
class PlaygroundTest {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Test
    void thePageIsServedAtTheRootWithAStrictPolicy() {
        ExtractableResponse<Response> page = given().get("/").then().statusCode(200).extract();
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        String html = page.asString();
        for (String label : new String[] { "API key", "Model", "Prompt", "Negative prompt", "Aspect ratio", "Images",
                "Seed" }) {
            assertThat(html).as("a visible label " + label).contains(">" + label + "</label>");
        }
        assertThat(html).as("the simulator's key filled in").contains("content=\"aio_playground\"");
        assertThat(html).as("nothing inline, nothing from elsewhere").doesNotContain("<script>", "style=", "http://",
                "https://");
    }

    @Test
    void itsFilesAreServedWithTheirTypes() {
        ExtractableResponse<Response> script = given().get("/playground/app.js").then().statusCode(200).extract();
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(script.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(given().get("/playground/playground.css").then().statusCode(200).extract().contentType())
                .startsWith("text/css");
        assertThat(given().get("/playground/icon.svg").then().statusCode(200).extract().contentType())
                .startsWith("image/svg+xml");
    }

    @Test
    void nothingElseIsServed() {
        for (String path : new String[] { "/playground/index.html", "/playground/missing.js",
                "/playground/graphiql-example.graphql", "/playground/..%2Fapplication.properties",
                "/playground/%2e%2e/application.properties" }) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void graphiqlOpensOnAWorkingExampleWithTheHeaderPreset() {
        ExtractableResponse<Response> bare = given().redirects().follow(false).get("/q/graphql-ui/").then()
                .statusCode(302).extract();
        String location = URLDecoder.decode(bare.header("Location"), StandardCharsets.UTF_8);
        assertThat(location).startsWith("/q/graphql-ui/?query=")
                .contains("mutation Generate", "subscription Follow", "query History")
                .contains("headers={\"Authorization\": \"Bearer aio_playground\"}");
        given().redirects().follow(false).get("/q/graphql-ui/?query=%7B%20models%20%7B%20id%20%7D%20%7D").then()
                .statusCode(200);
    }
}
