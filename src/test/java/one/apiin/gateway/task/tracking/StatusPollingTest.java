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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.task.NewTask;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

/** What the tracker does when the upstream's status answers fail (status deadline shortened to 3 s in tests). */
@QuarkusTest
class StatusPollingTest {

    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @Inject
    AgroalDataSource jdbc;
    @Inject
    TaskService tasks;
    @Inject
    Vertx vertx;

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

    /** Issue 19: a 404 on the first polls of a task the upstream then completes is forgiven (not-found grace). */
    @Test
    void aTaskTheUpstreamDoesNotKnowYetOnItsFirstPollsSucceedsChargedAndBilledOnce() throws SQLException {
        String key = newKey();
        int creates = Simulator.creates();
        long billed = Simulator.billedCredits(key);
        String id = generate(key, "not known yet sim:poll404=2");

        JsonPath done = awaitEnd(key, id);

        assertThat(done.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(done.getInt("data.task.creditsCharged")).isEqualTo(8);
        assertThat(Simulator.creates() - creates).isEqualTo(1);
        assertThat(Simulator.billedCredits(key) - billed).isEqualTo(8);
        assertThat(polls(row(id, "upstream_task_id"))).isGreaterThanOrEqualTo(3);
    }

    /**
     * Issue 19: a task found past its deadline (its generation finished upstream while nobody polled it) is polled
     * once more before it times out, and ends with what the upstream made (and billed).
     */
    @Test
    void aTaskAtItsDeadlineIsPolledOnceMoreBeforeItTimesOut() throws SQLException {
        String key = newKey();
        String upstreamId = given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("model", "imagen4", "prompt", "finished unseen sim:duration=0"))
                .post("/simulator/api/v1/images/generations").then().statusCode(200).extract().path("data.task_id");
        String owner = ApiKeys.sha256Hex(key);
        String id = tasks.newId(owner);
        onContext(() -> tasks.create(new NewTask(id, owner, "imagen4", "finished unseen", null, "1:1", 1, null, 8, null),
                key, "{}", null));
        onContext(() -> tasks.accepted(id, new UpstreamTask(upstreamId, UpstreamStatus.RUNNING, "IN_PROGRESS", null,
                List.of(), null, "{}")));
        // Past the task deadline (60 s in tests): the next scan takes it over, and its first tick is at the deadline.
        try (Connection connection = jdbc.getConnection();
                PreparedStatement update = connection.prepareStatement("update task set created_at = created_at"
                        + " - interval '61 seconds', attempt_started_at = attempt_started_at - interval '61 seconds'"
                        + " where id = ?")) {
            update.setString(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        JsonPath done = awaitEnd(key, id);

        assertThat(done.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(done.getInt("data.task.creditsCharged")).isEqualTo(8);
    }

    private <T> T onContext(Supplier<Uni<T>> work) {
        return SafeContext.run(vertx, work).await().atMost(Duration.ofSeconds(5));
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
