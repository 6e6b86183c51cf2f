package one.apiin.gateway.upstream;

import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.SilentUpstream;

/**
 * Issue 19: an upstream that drops connection attempts is unreachable, not an unknown outcome. Connects time out
 * (after the default connect timeout, well below the request timeout) and create nothing, so the task is QUEUED and
 * resubmitted until the submission deadline, never failed as UPSTREAM_OUTCOME_UNKNOWN.
 */
@QuarkusTest
@TestProfile(DroppedConnectionsTest.Silent.class)
class DroppedConnectionsTest {

    public static class Silent implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SilentUpstream.class));
        }
    }

    @Test
    void anUpstreamThatDropsConnectionsLeavesTheTaskQueuedAndResubmitted() {
        String key = newKey();
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "nobody picks up")));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.generateImage.status")).isEqualTo("QUEUED");
        JsonPath done = awaitEnd(key, answer.getString("data.generateImage.id"));
        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isEqualTo("UPSTREAM_UNAVAILABLE");
    }
}
