package one.apiin.gateway.task.tracking;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

/**
 * Callbacks with polling slowed to a crawl: a task that ends within seconds can only be seen ending through
 * the upstream's callback.
 */
@QuarkusTest
@TestProfile(UpstreamCallbackTest.SlowPolling.class)
class UpstreamCallbackTest {

    public static class SlowPolling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.public-url", "builtin",
                    "gateway.tracking.first-poll", "60s",
                    "gateway.tracking.max-poll-interval", "60s",
                    "gateway.tracking.scan-interval", "60s");
        }
    }

    @Inject
    UpstreamCallbacks callbacks;
    @Inject
    AgroalDataSource jdbc;

    @Test
    void theUpstreamsCallbackMakesTheTrackerPollAtOnce() {
        String key = newKey();
        String id = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a quick one sim:duration=800")))
                .getString("data.generateImage.id");

        String status = await().atMost(Duration.ofSeconds(10))
                .until(() -> post(key, Documents.TASK, Map.of("id", id)).getString("data.task.status"),
                        "SUCCEEDED"::equals);
        assertThat(status).isEqualTo("SUCCEEDED");
        assertThat(polls(upstreamId(id))).isEqualTo(1);
    }

    @Test
    void forgedAndMissingTokensChangeNothing() {
        String key = newKey();
        String id = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a slow one sim:duration=60000")))
                .getString("data.generateImage.id");
        String upstreamId = upstreamId(id);

        given().post("/callbacks/upstream/" + id + "?token=forged").then().statusCode(404);
        given().post("/callbacks/upstream/" + id).then().statusCode(404);
        given().post("/callbacks/upstream/" + id + "?token=" + callbacks.token(id + "x")).then().statusCode(404);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> polls(upstreamId) == 0);

        given().post("/callbacks/upstream/" + id + "?token=" + callbacks.token(id)).then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> polls(upstreamId) > 0);
    }

    @Test
    void aReplayedTokenForAnEndedTaskChangesNothing() {
        String key = newKey();
        String id = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "ended sim:duration=300")))
                .getString("data.generateImage.id");
        await().atMost(Duration.ofSeconds(10)).until(
                () -> post(key, Documents.TASK, Map.of("id", id)).getString("data.task.status"), "SUCCEEDED"::equals);
        String before = post(key, Documents.TASK, Map.of("id", id)).getString("data.task.updatedAt");
        int polls = polls(upstreamId(id));

        given().post("/callbacks/upstream/" + id + "?token=" + callbacks.token(id)).then().statusCode(202);

        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(
                () -> polls(upstreamId(id)) == polls);
        assertThat(post(key, Documents.TASK, Map.of("id", id)).getString("data.task.updatedAt")).isEqualTo(before);
    }

    private static int polls(String upstreamId) {
        Object count = Simulator.stats().getMap("polls").get(upstreamId);
        return count == null ? 0 : ((Number) count).intValue();
    }

    private String upstreamId(String taskId) {
        try (Connection connection = jdbc.getConnection();
                PreparedStatement query = connection.prepareStatement("select upstream_task_id from task where id = ?")) {
            query.setString(1, taskId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
