package one.apiin.gateway.task.tracking;

import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.task.TaskService;

/**
 * The first creation call of a task is guarded like every later one: it goes out unguarded only while no scan can
 * have settled the task, and an upstream id that arrives for a task settled meanwhile is kept on it, never dropped.
 */
@QuarkusTest
class FirstCallGuardTest {

    @Inject
    TaskService tasks;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    @Test
    void theUnguardedFirstCallIsMadeOnlyWellWithinTheLeaseTime() {
        Instant stored = Instant.parse("2026-12-01T10:00:00Z");
        Duration lease = Duration.ofSeconds(10);
        assertThat(TaskUpstream.inTimeForUnguardedCall(stored, stored.plusMillis(40), lease)).isTrue();
        assertThat(TaskUpstream.inTimeForUnguardedCall(stored, stored.plusSeconds(5), lease)).isFalse();
        assertThat(TaskUpstream.inTimeForUnguardedCall(stored, stored.plusSeconds(12), lease)).isFalse();
    }

    @Test
    void anUpstreamIdArrivingForATaskSettledMeanwhileIsKept() {
        String key = newKey();
        int creates = Simulator.creates();
        // The upstream takes 2 s to answer the creation; meanwhile the task is settled (as a scan would after a loss).
        CompletableFuture<Object> answer = CompletableFuture.supplyAsync(() -> post(key, Documents.GENERATE,
                Map.of("input", input("prompt", "settled meanwhile sim:createDelay=2000 " + UUID.randomUUID()))));
        String id = await().atMost(Duration.ofSeconds(5)).until(() -> newestTaskOf(key), found -> found != null);
        SafeContext.run(vertx, () -> tasks.fail(id, "UPSTREAM_OUTCOME_UNKNOWN", "settled by a scan"))
                .await().atMost(Duration.ofSeconds(5));

        answer.join();

        assertThat(Simulator.creates() - creates).isEqualTo(1);
        String upstreamId = pool.preparedQuery("select upstream_task_id from task where id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getString(0);
        assertThat(upstreamId).isNotNull();
        assertThat(post(key, Documents.TASK, Map.of("id", id)).getString("data.task.status")).isEqualTo("FAILED");
    }

    private String newestTaskOf(String key) {
        var edges = post(key, Documents.TASKS).getList("data.tasks.edges.node.id");
        return edges.isEmpty() ? null : (String) edges.get(0);
    }
}
