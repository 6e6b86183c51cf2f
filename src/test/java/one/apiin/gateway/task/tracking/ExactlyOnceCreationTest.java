package one.apiin.gateway.task.tracking;

import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.task.NewTask;
import one.apiin.gateway.task.TaskAttempts;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.upstream.UpstreamCreateRequest;
import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

/**
 * For each request, at most one upstream generation: odd 2xx answers, answers that come too late and an upstream
 * that never finishes all end the task, never create it again, and never lose it. The request timeout is 1 s and
 * the task deadline 4 s here.
 */
@QuarkusTest
@TestProfile(ExactlyOnceCreationTest.ShortTimeouts.class)
class ExactlyOnceCreationTest {

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.upstream.request-timeout", "1s",
                    "gateway.tracking.task-deadline", "4s");
        }
    }

    @Inject
    TaskService tasks;
    @Inject
    TaskAttempts attempts;
    @Inject
    Vertx vertx;
    @Inject
    TaskTracking tracking;

    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @Test
    void anIdSentAsTaskIdIsRead() {
        String key = newKey();
        String id = generate(key, "camel case sim:create=camelid");

        JsonPath done = awaitEnd(key, id);

        assertThat(done.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(done.getInt("data.task.creditsCharged")).isEqualTo(8);
        assertThat(Simulator.creates()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({ "noid", "longid", "notjson" })
    void aCreationAcceptedWithAnAnswerThatCannotBeUsedEndsUnreadableAndIsNeverMadeAgain(String answer) {
        String key = newKey();
        JsonPath created = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt",
                "an odd answer sim:create=" + answer)));

        assertThat(created.getList("errors")).isNull();
        String id = created.getString("data.generateImage.id");
        JsonPath done = awaitEnd(key, id);
        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isEqualTo("UPSTREAM_UNREADABLE");
        assertThat(done.getString("data.task.error.message")).contains("may have charged");
        assertThat(done.getInt("data.task.creditsCharged")).isZero();
        // Several tracker ticks and scans later: still the one creation, and the task is still there.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> Simulator.createAttempts() == 1 && Simulator.creates() == 1);
        assertThat(post(key, Documents.TASK, Map.of("id", id)).getString("data.task.id")).isEqualTo(id);
    }

    @Test
    void aCreationAnsweredAfterTheTimeoutEndsOutcomeUnknownAndIsNeverMadeAgain() {
        String key = newKey();
        JsonPath created = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt",
                "a slow upstream sim:createDelay=2500")));

        assertThat(created.getList("errors")).isNull();
        String id = created.getString("data.generateImage.id");
        assertThat(created.getString("data.generateImage.status")).isEqualTo("FAILED");
        assertThat(created.getString("data.generateImage.error.code")).isEqualTo("UPSTREAM_OUTCOME_UNKNOWN");
        assertThat(created.getString("data.generateImage.error.message")).contains("may have been charged");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .until(() -> Simulator.createAttempts() == 1 && Simulator.creates() == 1);
        assertThat(awaitEnd(key, id).getString("data.task.error.code")).isEqualTo("UPSTREAM_OUTCOME_UNKNOWN");
    }

    /** Issue 19: a proxy timing out in front of the upstream after it created the task is not asked again. */
    @Test
    void aProxysTimeoutAfterTheCreationEndsOutcomeUnknownAndIsNeverMadeAgain() {
        String key = newKey();
        int before = Simulator.creates();
        JsonPath created = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt",
                "behind a slow proxy sim:create=proxy504")));

        assertThat(created.getList("errors")).isNull();
        assertThat(created.getString("data.generateImage.status")).isEqualTo("FAILED");
        assertThat(created.getString("data.generateImage.error.code")).isEqualTo("UPSTREAM_OUTCOME_UNKNOWN");
        assertThat(created.getInt("data.generateImage.creditsCharged")).isZero();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> Simulator.creates() - before == 1);
        assertThat(awaitEnd(key, created.getString("data.generateImage.id")).getString("data.task.error.code"))
                .isEqualTo("UPSTREAM_OUTCOME_UNKNOWN");
    }

    @Test
    void anUpstreamThatSaysPendingForEverEndsAtTheTaskDeadline() {
        String key = newKey();
        String id = generate(key, "never ends sim:pending");

        JsonPath done = awaitEnd(key, id);

        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isEqualTo("UPSTREAM_TIMEOUT");
        assertThat(done.getString("data.task.error.message")).contains("4 seconds");
        assertThat(Simulator.creates()).isEqualTo(1);
    }

    @Test
    void aSecondUpstreamIdNeverReplacesTheFirst() {
        String id = tasks.newId("0".repeat(64));
        onContext(() -> tasks.create(new NewTask(id, "0".repeat(64), "imagen4", "a test", null, "1:1", 1, null, 8,
                null), "aio_x", "{}", null));
        UpstreamTask first = new UpstreamTask("upstream-1", UpstreamStatus.RUNNING, "IN_PROGRESS", null, List.of(),
                null, "{}");
        UpstreamTask second = new UpstreamTask("upstream-2", UpstreamStatus.RUNNING, "IN_PROGRESS", null, List.of(),
                null, "{}");

        assertThat(onContext(() -> attempts.accepted(id, first))).isNotNull();
        assertThat(onContext(() -> attempts.accepted(id, second))).isNull();
        assertThat(onContext(() -> attempts.tracked(id)).upstreamTaskId()).isEqualTo("upstream-1");
        onContext(() -> tasks.fail(id, "INTERNAL", "test over"));
    }

    /**
     * A task just stored, whose replica is about to make its first creation call (or to make it share another
     * generation), holds no lease yet, and its attempt is recorded with it. A scan must not take it over and create
     * it upstream too; should its replica be lost before the call, the task ends FAILED without a call from any
     * other (whether the call was made cannot be known), the creation is never made twice.
     */
    @Test
    void aTaskStoredButNotYetSubmittedIsNeverCreatedByAnotherReplica() {
        String key = "aio_stored_not_submitted";
        String owner = ApiKeys.sha256Hex(key);
        String id = tasks.newId(owner);
        String body = tracking.serialize(new UpstreamCreateRequest("imagen4", "stored, not submitted yet", "1:1", null,
                1, null, null));
        // Read once first: the first read of a fresh instance can take a second, which the window below cannot spare.
        Simulator.stats();
        onContext(() -> tasks.create(new NewTask(id, owner, "imagen4", "stored, not submitted yet", null, "1:1", 1,
                null, 8, null), key, body, null));

        // Scans run every 500 ms; before, any task older than 1 s was theirs to submit.
        String keyId = owner.substring(0, 16);
        // The window: no call for 2.2 s after the task was stored (it ends, unknown, some 4 s after).
        await().during(Duration.ofMillis(2200)).atMost(Duration.ofSeconds(6))
                .until(() -> !Simulator.stats().getMap("callsByKey").containsKey(keyId));
        JsonPath done = awaitEnd(key, id);
        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isIn("UPSTREAM_OUTCOME_UNKNOWN", "UPSTREAM_TIMEOUT");
        assertThat(Simulator.stats().getMap("callsByKey")).doesNotContainKey(keyId);
    }

    private <T> T onContext(Supplier<Uni<T>> work) {
        return SafeContext.run(vertx, work).await().atMost(Duration.ofSeconds(5));
    }
}
