package one.apiin.gateway.generation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.auth.ApiKeys;

/**
 * Idempotency keys in PostgreSQL, shared by every replica: the first request with a key claims it (one conditional
 * INSERT, so of two racing requests exactly one does) for the task it is about to make; a retry finds that task.
 * Keys are per owner and kept as their SHA-256 only; a claim older than {@link #LIFETIME} may be made again.
 */
@ApplicationScoped
class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    static final Duration LIFETIME = Duration.ofHours(24);

    private final Pool pool;
    private final Vertx vertx;
    private long cleanup = -1;

    IdempotencyKeys(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    /** What a key was first used for. */
    record Claim(String requestHash, String taskId) {
    }

    /** Claims the key for {@code taskId}: null when claimed, else the live claim of an earlier request. */
    Uni<Claim> claim(String owner, String key, String requestHash, String taskId) {
        Instant now = Instant.now();
        return pool.preparedQuery("insert into idempotency_key (owner_hash, key_hash, request_hash, task_id, created_at)"
                + " values ($1, $2, $3, $4, $5) on conflict (owner_hash, key_hash) do update set"
                + " request_hash = excluded.request_hash, task_id = excluded.task_id, created_at = excluded.created_at"
                + " where idempotency_key.created_at < $6 returning task_id")
                .execute(Tuple.of(owner, hash(key), requestHash, taskId, now.atOffset(ZoneOffset.UTC),
                        now.minus(LIFETIME).atOffset(ZoneOffset.UTC)))
                .chain(claimed -> claimed.size() == 1 ? Uni.createFrom().<Claim> nullItem()
                        : find(owner, key).onItem().ifNull().switchTo(() -> claim(owner, key, requestHash, taskId)));
    }

    /** The live claim of a key; null when there is none. */
    Uni<Claim> find(String owner, String key) {
        return pool.preparedQuery("select request_hash, task_id from idempotency_key where owner_hash = $1"
                + " and key_hash = $2 and created_at >= $3")
                .execute(Tuple.of(owner, hash(key), Instant.now().minus(LIFETIME).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.size() == 0 ? null : claim(rows.iterator().next()));
    }

    /**
     * Gives a key back when its request made no task after all (refused, nothing created), so that a retry may
     * generate: only while it is still this task's claim and the task does not exist.
     */
    Uni<Void> release(String owner, String key, String taskId) {
        return pool.preparedQuery("delete from idempotency_key where owner_hash = $1 and key_hash = $2"
                + " and task_id = $3 and not exists (select 1 from task where id = $3)")
                .execute(Tuple.of(owner, hash(key), taskId)).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("An idempotency key was not released (%s)",
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    void start(@Observes StartupEvent event) {
        cleanup = vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> pool
                .preparedQuery("delete from idempotency_key where created_at < $1")
                .execute(Tuple.of(Instant.now().minus(LIFETIME).atOffset(ZoneOffset.UTC)))
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Expired idempotency keys not deleted yet (%s)",
                        failure.getClass().getSimpleName())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(cleanup);
    }

    private static Claim claim(Row row) {
        return new Claim(row.getString(0), row.getString(1));
    }

    private static String hash(String key) {
        return ApiKeys.sha256Hex(key);
    }
}
