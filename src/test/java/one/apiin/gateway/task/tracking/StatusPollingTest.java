package one.apiin.gateway.task.tracking;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Simulator;

/** What the tracker does when the upstream's status answers fail (status deadline shortened to 3 s in tests). */
@QuarkusTest
class StatusPollingTest {

    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @Test
    void aStatusThatCannotBeLearnedPastTheDeadlineEndsUpstreamTimeout() {
        String key = newKey();
        String id = generate(key, "never told sim:poll500");

        JsonPath done = awaitEnd(key, id);

        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isEqualTo("UPSTREAM_TIMEOUT");
        assertThat(done.getInt("data.task.creditsCharged")).isZero();
    }

    @Test
    void briefPollFailuresAreRiddenOut() {
        String key = newKey();
        given().contentType(ContentType.JSON).body(Map.of("status", 503, "count", 3))
                .post("/simulator/control/poll-failures").then().statusCode(200);
        String id = generate(key, "told eventually");

        assertThat(awaitEnd(key, id).getString("data.task.status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aTaskTheUpstreamForgotEndsUpstreamFailed() {
        String key = newKey();
        given().contentType(ContentType.JSON).body(Map.of("status", 404, "seconds", 30))
                .post("/simulator/control/poll-failures").then().statusCode(200);
        String id = generate(key, "forgotten upstream");

        JsonPath done = awaitEnd(key, id);

        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isEqualTo("UPSTREAM_FAILED");
        assertThat(done.getString("data.task.error.message")).contains("does not know this task");
    }
}
