package one.apiin.gateway.graphql.guard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;

import one.apiin.gateway.support.SharedProfiles;

/**
 * A frontend on another origin: served when its origin is listed, refused otherwise, on HTTP and websockets. The one
 * origin listed is {@link SharedProfiles.OptIns#CORS_ORIGIN}, in the shared profile.
 */
@QuarkusTest
@TestProfile(SharedProfiles.OptIns.class)
class CorsTest {

    static final String APP = SharedProfiles.OptIns.CORS_ORIGIN;
    static final String STRANGER = "https://evil.example.com";

    @Test
    void aListedOriginPassesThePreflightAndGetsItsAnswer() {
        var preflight = given().header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/graphql").then().extract();
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization");

        var answer = given().header("Origin", APP).contentType("application/json")
                .body(Map.of("query", "{ models { id } }")).post("/graphql").then().extract();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    }

    @Test
    void anOriginNotListedIsRefused() {
        var preflight = given().header("Origin", STRANGER).header("Access-Control-Request-Method", "POST")
                .options("/graphql").then().extract();
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        var answer = given().header("Origin", STRANGER).contentType("application/json")
                .body(Map.of("query", "{ models { id } }")).post("/graphql").then().extract();
        assertThat(answer.statusCode()).isEqualTo(403);
    }

    @Test
    void websocketUpgradesFromAnotherOriginAreRefused() {
        assertThat(upgrade(STRANGER)).isEqualTo(403);
        assertThat(upgrade(APP)).isEqualTo(101);
        assertThat(upgrade(null)).as("no Origin: not a browser").isEqualTo(101);
    }

    @TestHTTPResource("/graphql")
    URL graphql;

    private int upgrade(String origin) {
        return upgrade(graphql, origin);
    }

    /** The status of a websocket upgrade from the origin: 101 when it succeeds. */
    static int upgrade(URL graphql, String origin) {
        Vertx vertx = Vertx.vertx();
        try {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(graphql.getHost())
                    .setPort(graphql.getPort()).setURI("/graphql").addSubProtocol("graphql-transport-ws");
            if (origin != null) {
                options.addHeader("Origin", origin);
            } else {
                options.setAllowOriginHeader(false);
            }
            CompletableFuture<Integer> status = new CompletableFuture<>();
            vertx.createHttpClient().webSocket(options).onSuccess(socket -> {
                status.complete(101);
                socket.close();
            }).onFailure(failure -> status.complete(failure instanceof UpgradeRejectedException rejected
                    ? rejected.getStatus()
                    : -1));
            return status.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            vertx.close();
        }
    }
}
