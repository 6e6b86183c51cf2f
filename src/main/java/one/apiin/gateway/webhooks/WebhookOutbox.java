package one.apiin.gateway.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The deliveries still to make, in PostgreSQL, shared by every replica. */
@ApplicationScoped
class WebhookOutbox {

    private final Pool pool;

    WebhookOutbox(Pool pool) {
        this.pool = pool;
    }

    /** A delivery claimed for one attempt: the attempt's number and what it needs. */
    record Claimed(String id, String taskId, String owner, String url, String imageBase, int attempt) {
    }

    /** Keeps a delivery of the task's end; a second one for the same task (a retried request) is the same delivery. */
    Uni<Void> add(String id, String taskId, String owner, String url, String imageBase) {
        Instant now = Instant.now();
        return pool.preparedQuery("insert into webhook_delivery (id, task_id, owner_hash, url, image_base,"
                + " next_attempt_at, created_at) values ($1, $2, $3, $4, $5, $6, $6) on conflict (task_id) do nothing")
                .execute(Tuple.of(id, taskId, owner, url, imageBase, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /**
     * Claims deliveries that are due, of tasks that have ended (only {@code taskId}'s when given), for an attempt of
     * at most {@code lease}: a row another replica holds is skipped, one whose claimer died is due again after it.
     */
    Uni<List<Claimed>> claim(String taskId, int limit, Duration lease) {
        Instant now = Instant.now();
        return pool.preparedQuery("update webhook_delivery d set next_attempt_at = $2, attempts = d.attempts + 1"
                + " from (select w.id from webhook_delivery w join task t on t.id = w.task_id"
                + " where w.delivered_at is null and w.given_up_at is null and w.next_attempt_at <= $1"
                + " and t.status in ('SUCCEEDED', 'FAILED') and ($3::varchar is null or w.task_id = $3)"
                + " order by w.next_attempt_at limit $4 for update of w skip locked) due where d.id = due.id"
                + " returning d.id, d.task_id, d.owner_hash, d.url, d.image_base, d.attempts")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), now.plus(lease).atOffset(ZoneOffset.UTC), taskId,
                        limit))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(WebhookOutbox::claimed).toList());
    }

    Uni<Void> delivered(String id, int status) {
        return pool.preparedQuery("update webhook_delivery set delivered_at = $2, last_status = $3 where id = $1")
                .execute(Tuple.of(id, Instant.now().atOffset(ZoneOffset.UTC), status)).replaceWithVoid();
    }

    /** A failed attempt: tried again after {@code pause}, or given up when null. */
    Uni<Void> failed(String id, Integer status, Duration pause) {
        Instant now = Instant.now();
        return pause == null
                ? pool.preparedQuery("update webhook_delivery set given_up_at = $2, last_status = $3 where id = $1")
                        .execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC), status)).replaceWithVoid()
                : pool.preparedQuery("update webhook_delivery set next_attempt_at = $2, last_status = $3 where id = $1")
                        .execute(Tuple.of(id, now.plus(pause).atOffset(ZoneOffset.UTC), status)).replaceWithVoid();
    }

    /** Forgets deliveries made or given up before {@code before}: what is left of them is only history. */
    Uni<Void> purge(Instant before) {
        return pool.preparedQuery("delete from webhook_delivery where (delivered_at < $1 or given_up_at < $1)")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    private static Claimed claimed(Row row) {
        return new Claimed(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getInteger(5));
    }
}
