package one.apiin.gateway.task.tracking;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
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

    @Inject
    AgroalDataSource jdbc;

    /** Issue 12: a poll that learns nothing new writes nothing (no version bump, the raw answer kept as it was). */
    @Test
    void aPollThatLearnsNothingWritesNothing() throws Exception {
        String key = newKey();
        String id = generate(key, "still pending sim:pending");
        String upstreamId = row(id, "upstream_task_id");
        await().atMost(Duration.ofSeconds(10)).until(() -> polls(upstreamId) >= 2);
        String version = row(id, "version");
        long polls = polls(upstreamId);
        await().atMost(Duration.ofSeconds(10)).until(() -> polls(upstreamId) >= polls + 4);
        assertThat(row(id, "version")).isEqualTo(version);
    }

    private String row(String id, String column) throws SQLException {
        try (Connection connection = jdbc.getConnection();
                PreparedStatement query = connection.prepareStatement("select " + column + " from task where id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static long polls(String upstreamId) {
        Object count = Simulator.stats().getMap("polls").get(upstreamId);
        return count == null ? 0 : ((Number) count).longValue();
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
