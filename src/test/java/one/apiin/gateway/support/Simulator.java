package one.apiin.gateway.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.auth.ApiKeys;

/** The built-in simulator's control API, as tests drive it. */
public final class Simulator {

    private Simulator() {
    }

    public static void failCreates(int status, int count, Integer retryAfterSeconds) {
        Map<String, Object> body = retryAfterSeconds == null
                ? Map.of("status", status, "count", count)
                : Map.of("status", status, "count", count, "retryAfterSeconds", retryAfterSeconds);
        given().contentType(ContentType.JSON).body(body).post("/simulator/control/create-failures")
                .then().statusCode(lessThan(300));
    }

    public static void failCreatesFor(int status, int seconds) {
        given().contentType(ContentType.JSON).body(Map.of("status", status, "seconds", seconds))
                .post("/simulator/control/create-failures").then().statusCode(lessThan(300));
    }

    public static void reset() {
        given().post("/simulator/control/reset").then().statusCode(lessThan(300));
    }

    public static JsonPath stats() {
        return given().get("/simulator/control/stats").then().statusCode(200).extract().jsonPath();
    }

    public static int createAttempts() {
        return stats().getInt("createAttempts");
    }

    public static int creates() {
        return stats().getInt("creates");
    }

    /** Credits the simulated upstream billed so far: for the generations it created that have completed. */
    public static long billedCredits() {
        return stats().getLong("billedCredits");
    }

    /** Credits the simulated upstream billed so far to {@code apiKey} (its generations that have completed). */
    public static long billedCredits(String apiKey) {
        return byKey("billedByKey", apiKey);
    }

    /** Generations the simulated upstream created for {@code apiKey}. */
    public static long creates(String apiKey) {
        return byKey("createsByKey", apiKey);
    }

    /** Generations created that will bill when they complete and have not completed yet. */
    public static long running() {
        return stats().getLong("running");
    }

    private static long byKey(String counters, String apiKey) {
        Object count = stats().getMap(counters).get(ApiKeys.sha256Hex(apiKey).substring(0, 16));
        return count == null ? 0 : ((Number) count).longValue();
    }

    /** The next {@code count} creations answer {@code millis} late (created all the same). */
    public static void delayCreates(long millis, int count) {
        given().contentType(ContentType.JSON).body(Map.of("millis", millis, "count", count))
                .post("/simulator/control/create-delays").then().statusCode(lessThan(300));
    }
}
