package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/** What the tests read or change in PostgreSQL directly, behind the gateway's back. */
public final class Rows {

    private static final Pattern SIMULATOR_IMAGE = Pattern.compile("(http://[^\"]+/simulator/images/[^\"]+)");

    private Rows() {
    }

    /** The single number a query with one parameter answers (a count). */
    public static long count(Pool pool, String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator().next()
                .getLong(0);
    }

    /** Runs a statement with one parameter. */
    public static void update(Pool pool, String sql, Object parameter) {
        pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely();
    }

    /** The simulator's URL of a task's first image, as its last upstream answer (stored with the task) gave it. */
    public static String simulatorImageUrl(Pool pool, String taskId) {
        String raw = pool.preparedQuery("select upstream_raw from task where id = $1").execute(Tuple.of(taskId))
                .await().indefinitely().iterator().next().getString(0);
        Matcher url = SIMULATOR_IMAGE.matcher(raw);
        assertThat(url.find()).as(raw).isTrue();
        return url.group(1);
    }

    /**
     * Holds a lock on {@code table} that lets it be read but not written (share mode), from a transaction of its own,
     * until closed: the gateway's writes to it wait meanwhile.
     */
    public static WriteLock lockWrites(Pool pool, String table) {
        SqlConnection connection = pool.getConnection().await().indefinitely();
        Transaction transaction = connection.begin().await().indefinitely();
        connection.query("lock table " + table + " in share mode").execute().await().indefinitely();
        return new WriteLock(connection, transaction);
    }

    /**
     * Runs {@code sql} (an INSERT) with each of {@code rows} from a transaction of its own and holds it open until rolled back
     * (or closed): an INSERT
     * of the same key by the gateway waits on it meanwhile, then succeeds.
     */
    public static Uncommitted uncommitted(Pool pool, String sql, Tuple... rows) {
        SqlConnection connection = pool.getConnection().await().indefinitely();
        Transaction transaction = connection.begin().await().indefinitely();
        for (Tuple row : rows) {
            connection.preparedQuery(sql).execute(row).await().indefinitely();
        }
        return new Uncommitted(connection, transaction);
    }

    /** The transaction of {@link #uncommitted}: rolled back, at the latest when closed. */
    public static final class Uncommitted implements AutoCloseable {
        private final SqlConnection connection;
        private final Transaction transaction;
        private boolean open = true;

        private Uncommitted(SqlConnection connection, Transaction transaction) {
            this.connection = connection;
            this.transaction = transaction;
        }

        public void rollback() {
            if (open) {
                open = false;
                transaction.rollback().await().indefinitely();
                connection.close().await().indefinitely();
            }
        }

        @Override
        public void close() {
            rollback();
        }
    }

    /** A lock of {@link #lockWrites}, released when closed. */
    public record WriteLock(SqlConnection connection, Transaction transaction) implements AutoCloseable {

        @Override
        public void close() {
            transaction.commit().await().indefinitely();
            connection.close().await().indefinitely();
        }
    }
}
