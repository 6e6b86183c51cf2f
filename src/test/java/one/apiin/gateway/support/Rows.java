package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.mutiny.sqlclient.Pool;
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
}
