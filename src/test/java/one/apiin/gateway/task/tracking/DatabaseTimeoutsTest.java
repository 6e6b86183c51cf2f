package one.apiin.gateway.task.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.support.Generations;
import one.apiin.gateway.support.GraphQL;

/**
 * Every PostgreSQL session of the gateway bounds its statements, lock waits and idle transactions: a write stuck
 * behind someone else's lock gives up (and is tried again) rather than holding its task for ever.
 */
@QuarkusTest
class DatabaseTimeoutsTest {

    @Inject
    Pool pool;

    @Test
    void statementsLockWaitsAndIdleTransactionsAreBounded() {
        assertThat(setting("statement_timeout")).isEqualTo("10s");
        assertThat(setting("lock_timeout")).isEqualTo("5s");
        assertThat(setting("idle_in_transaction_session_timeout")).isEqualTo("30s");
    }

    @Test
    void aWriteStuckBehindALockGivesUpWhileTheLockIsHeldAndTheTaskStillEnds() {
        String key = GraphQL.newKey();
        String id = Generations.generate(key, GraphQL.input("prompt", "a locked lighthouse " + UUID.randomUUID()
                + " sim:duration=1500")).getString("data.generateImage.id");
        // Someone else (an operator's session, a stuck migration) holds the task's row.
        SqlConnection holder = pool.getConnection().await().indefinitely();
        try {
            holder.query("begin").execute().await().indefinitely();
            holder.preparedQuery("select id from task where id = $1 for update").execute(Tuple.of(id)).await()
                    .indefinitely();
            int holderPid = holder.query("select pg_backend_pid()").execute().await().indefinitely().iterator().next()
                    .getInteger(0);
            // The gateway's write of the task's next state waits for the row ...
            AtomicReference<String> waiting = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> waiting.updateAndGet(seen -> seen != null ? seen : blockedBehind(holderPid)) != null);
            // ... and gives up while the row is still held (lock_timeout), instead of holding the task for ever.
            await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !waits(waiting.get()));
        } finally {
            holder.query("rollback").execute().await().indefinitely();
            holder.close().await().indefinitely();
        }
        JsonPath ended = GraphQL.awaitEnd(key, id);
        assertThat(ended.getString("data.task.status")).as(ended.prettify()).isEqualTo("SUCCEEDED");
        assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(8);
    }

    /** A statement waiting for a lock the holder's session has, as "pid started-at", or null. */
    private String blockedBehind(int holderPid) {
        RowSet<Row> rows = pool.preparedQuery("select pid, query_start::text from pg_stat_activity "
                + "where datname = current_database() and wait_event_type = 'Lock' and $1 = any(pg_blocking_pids(pid))")
                .execute(Tuple.of(holderPid)).await().indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next().getInteger(0) + " " + rows.iterator().next().getString(1);
    }

    private boolean waits(String statement) {
        String[] parts = statement.split(" ", 2);
        return pool.preparedQuery("select 1 from pg_stat_activity where pid = $1 and query_start::text = $2 "
                + "and wait_event_type = 'Lock'").execute(Tuple.of(Integer.parseInt(parts[0]), parts[1])).await()
                .indefinitely().size() > 0;
    }

    private String setting(String name) {
        return pool.query("show " + name).execute().await().indefinitely().iterator().next().getString(0);
    }
}
