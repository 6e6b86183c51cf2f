package one.apiin.gateway.images;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

import one.apiin.gateway.task.RowsWithTask;

/**
 * What the gateway knows of kept images, in PostgreSQL whatever the store: one row per distinct content, one
 * reference per image of a task (its URL's token). A reference is written with its content row in one transaction,
 * before the bytes are put in the store, so that retention, which deletes a content only while holding its row's
 * lock and finding no reference, never deletes bytes a new reference needs.
 */
@ApplicationScoped
class ImageRepository {

    /** One replica at a time sweeps: a transaction-scoped advisory lock, released by its commit. */
    private static final long SWEEP_LOCK = 0x1a6e_5eedL;

    private final Pool pool;

    ImageRepository(Pool pool) {
        this.pool = pool;
    }

    /** A content as served: its hash, type and length. */
    record Content(String hash, String mimeType, long sizeBytes, int width, int height) {
    }

    /** An expired reference: its token and the task it belongs to. */
    record Reference(String token, String taskId) {
        /** Never the token: it is what lets anyone download the image. */
        @Override
        public String toString() {
            return "Reference[task=" + taskId + "]";
        }
    }

    /** Records a content (if new) and a reference to it for a task, in one transaction. */
    Uni<Void> record(Content content, String token, String taskId, Instant at) {
        return pool.withTransaction(connection -> connection.preparedQuery("insert into image_content"
                + " (hash, mime_type, width, height, size_bytes, created_at) values ($1, $2, $3, $4, $5, $6)"
                + " on conflict (hash) do nothing")
                .execute(Tuple.from(List.of(content.hash(), content.mimeType(), content.width(), content.height(),
                        content.sizeBytes(), utc(at))))
                .chain(() -> insertRef(connection, token, content.hash(), taskId, at)));
    }

    /**
     * The references of a cache hit's new task, written in the task's own INSERT (one statement, one round trip and
     * one commit: before, the references took a statement of their own before the task's). The foreign key's own lock
     * covers a content a concurrent retention would delete meanwhile: if one is gone, the statement fails (23503) and
     * neither the references nor the task are written.
     */
    RowsWithTask referencesWithTask(List<String> hashes, List<String> tokens, String taskId, Instant at) {
        return new RowsWithTask(first -> "insert into image_ref (token, hash, task_id, created_at)"
                + " select r.token, r.hash, $" + (first + 2) + ", $" + (first + 3) + " from unnest($" + first
                + "::text[], $" + (first + 1) + "::bpchar[]) as r(token, hash)",
                List.of(tokens.toArray(String[]::new), hashes.toArray(String[]::new), taskId, utc(at)),
                ImageRepository::contentGone);
    }

    private static boolean contentGone(Throwable failure) {
        return failure instanceof PgException pg && "23503".equals(pg.getSqlState());
    }

    private static Uni<Void> insertRef(SqlConnection connection, String token, String hash, String taskId, Instant at) {
        return connection.preparedQuery("insert into image_ref (token, hash, task_id, created_at) values ($1, $2, $3, $4)")
                .execute(Tuple.of(token, hash, taskId, utc(at))).replaceWithVoid();
    }

    /** Forgets a reference whose bytes could not be stored. */
    Uni<Void> forget(String token) {
        return pool.preparedQuery("delete from image_ref where token = $1").execute(Tuple.of(token)).replaceWithVoid();
    }

    /** The content a token refers to; null when there is no such reference. */
    Uni<Content> find(String token) {
        return pool.preparedQuery("select c.hash, c.mime_type, c.size_bytes, c.width, c.height from image_ref r"
                + " join image_content c on c.hash = r.hash where r.token = $1").execute(Tuple.of(token))
                .map(rows -> rows.size() == 0 ? null : content(rows.iterator().next()));
    }

    /** The bytes of a content kept by the postgres store; null when there are none. */
    Uni<byte[]> bytes(String hash) {
        return pool.preparedQuery("select bytes from image_blob where hash = $1").execute(Tuple.of(hash))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
    }

    Uni<Void> putBytes(String hash, byte[] bytes) {
        return pool.preparedQuery("insert into image_blob (hash, bytes) values ($1, $2) on conflict (hash) do nothing")
                .execute(Tuple.of(hash, io.vertx.core.buffer.Buffer.buffer(bytes))).replaceWithVoid();
    }

    /**
     * One batch of retention, on at most one replica at a time: the references created before {@code cutoff} are
     * handed to {@code expired} (which marks their tasks) and deleted; then the contents nothing refers to any more
     * (older than {@code contentCutoff}) are locked, handed to {@code unreferenced} (which deletes their bytes) and
     * deleted, in the same transaction. Completes with the number of rows deleted (0: nothing left to do, or another
     * replica sweeps).
     */
    Uni<Integer> sweep(Instant cutoff, Instant contentCutoff, int batch,
            Function<List<Reference>, Uni<Void>> expired, Function<List<String>, Uni<Void>> unreferenced) {
        return pool.withTransaction(connection -> connection.preparedQuery("select pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(SWEEP_LOCK)).chain(locked -> !locked.iterator().next().getBoolean(0)
                        ? Uni.createFrom().item(0)
                        : expireReferences(connection, cutoff, batch, expired).chain(references -> deleteContents(
                                connection, contentCutoff, batch, unreferenced).map(contents -> references + contents))));
    }

    private static Uni<Integer> expireReferences(SqlConnection connection, Instant cutoff, int batch,
            Function<List<Reference>, Uni<Void>> expired) {
        return connection.preparedQuery("select token, task_id from image_ref where created_at < $1 limit $2")
                .execute(Tuple.of(utc(cutoff), batch))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(row -> new Reference(row.getString(0), row.getString(1))).toList())
                .chain(references -> references.isEmpty() ? Uni.createFrom().item(0)
                        : expired.apply(references).chain(() -> connection
                                .preparedQuery("delete from image_ref where token = any($1)")
                                .execute(Tuple.of((Object) references.stream().map(Reference::token)
                                        .toArray(String[]::new))))
                                .map(deleted -> references.size()));
    }

    private static Uni<Integer> deleteContents(SqlConnection connection, Instant contentCutoff, int batch,
            Function<List<String>, Uni<Void>> unreferenced) {
        return connection.preparedQuery("select c.hash from image_content c where c.created_at < $1"
                + " and not exists (select 1 from image_ref r where r.hash = c.hash)"
                + " limit $2 for update of c skip locked").execute(Tuple.of(utc(contentCutoff), batch))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString(0)).toList())
                .chain(hashes -> hashes.isEmpty() ? Uni.createFrom().item(0)
                        : unreferenced.apply(hashes).chain(() -> connection
                                .preparedQuery("delete from image_content where hash = any($1)")
                                .execute(Tuple.of((Object) hashes.toArray(String[]::new))))
                                .map(deleted -> hashes.size()));
    }

    private static Content content(Row row) {
        return new Content(row.getString(0), row.getString(1), row.getLong(2), row.getInteger(3), row.getInteger(4));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
