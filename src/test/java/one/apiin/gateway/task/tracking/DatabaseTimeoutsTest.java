package one.apiin.gateway.task.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** Every PostgreSQL session of the gateway bounds its statements, lock waits and idle transactions. */
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

    private String setting(String name) {
        return pool.query("show " + name).execute().await().indefinitely().iterator().next().getString(0);
    }
}
