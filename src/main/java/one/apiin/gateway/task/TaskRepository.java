package one.apiin.gateway.task;

import static one.apiin.gateway.task.TaskState.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The task table, on the reactive SQL client alone: every read and every write of a task is a statement here, each
 * change of its state written by {@link #write} (conditional on the version read, which it bumps). One stack for the
 * table: what a reader sees is what the one writer wrote, and the hot path pays no ORM session (bench/README.md).
 * Statements that must commit together (a change and its budget settlement, a refusal and its followers) run on the
 * connection of one transaction, passed as {@code client}.
 */
@ApplicationScoped
public class TaskRepository {

    /** Every column of the task table, in the order of {@link #insert}'s values (TaskRepositoryTest checks both). */
    static final List<String> COLUMNS = List.of("id", "owner_hash", "status", "progress", "model", "prompt",
            "negative_prompt", "aspect_ratio", "num_images", "seed", "images", "credits_charged", "cached", "error_code",
            "error_message", "upstream_task_id", "upstream_key", "upstream_request", "upstream_raw", "last_status_at",
            "created_at", "updated_at", "fingerprint", "cache_scope", "cache_policy", "leader_task_id",
            "submit_attempts", "credits_reserved", "reserved_period_start", "attempt_started_at", "credits_per_image",
            "images_removed_at", "images_pending_since", "version", "requested_model", "options", "dialect");

    private static final String ALL = String.join(", ", COLUMNS);
    private static final String INSERT = "insert into task (" + ALL + ") values ("
            + IntStream.rangeClosed(1, COLUMNS.size()).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ")";
    private static final String SELECT = "select " + ALL + " from task";
    private static final String BY_ID = SELECT + " where id = $1";
    private static final String OWNED = SELECT + " where id = $1 and owner_hash = $2";
    private static final String PAGE = SELECT + " where owner_hash = $1 order by created_at desc, id desc limit $2";
    private static final String PAGE_AFTER = SELECT + " where owner_hash = $1 and (created_at, id) < ($2, $3)"
            + " order by created_at desc, id desc limit $4";
    private static final String IMAGES_PENDING = SELECT + " where images_pending_since < $1"
            + " order by images_pending_since limit $2";
    private static final String FOLLOWERS = SELECT + " where leader_task_id = $1 and status in ('QUEUED', 'RUNNING')"
            + " for update";

    /**
     * The scan for tasks nobody may be following reads only the partial index {@code task_unfinished}: its statuses
     * are written in the statement, not passed as parameters, so that every plan (a generic one too) can use it, and
     * only the cursor's columns are read, so that the rows themselves are not.
     */
    private static final String UNFINISHED_BEFORE = "select created_at, id from task"
            + " where status in ('QUEUED', 'RUNNING') and created_at < $1";
    static final String UNFINISHED = UNFINISHED_BEFORE + " order by created_at, id limit $2";
    static final String UNFINISHED_AFTER = UNFINISHED_BEFORE
            + " and (created_at, id) > ($2, $3) order by created_at, id limit $4";

    /** How a row is locked when it is read to be changed in the same transaction. */
    enum Lock {
        NONE(""),
        SHARE(" for share"),
        UPDATE(" for update");

        private final String clause;

        Lock(String clause) {
            this.clause = clause;
        }
    }

    private final Pool pool;

    public TaskRepository(Pool pool) {
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    /** Stores a new task in one statement. */
    Uni<Void> insert(SqlClient client, Task task) {
        return client.preparedQuery(INSERT).execute(Tuple.from(values(task))).replaceWithVoid();
    }

    /** {@link #INSERT}'s values: every column of {@link #COLUMNS}, in its order. */
    private static List<Object> values(Task task) {
        return Arrays.asList(task.id, task.ownerHash,
                task.status.name(), task.progress, task.model, task.prompt, task.negativePrompt, task.aspectRatio,
                task.numImages, task.seed, task.images, task.creditsCharged, task.cached, task.errorCode,
                task.errorMessage, task.upstreamTaskId, task.upstreamKey, task.upstreamRequest, task.upstreamRaw,
                utc(task.lastStatusAt), utc(task.createdAt), utc(task.updatedAt), task.fingerprint, task.cacheScope,
                task.cachePolicy, task.leaderTaskId, task.submitAttempts, task.creditsReserved,
                utc(task.reservedPeriodStart), utc(task.attemptStartedAt), task.creditsPerImage, utc(task.imagesRemovedAt),
                utc(task.imagesPendingSince), task.version, task.requestedModel, task.options, task.dialect);
    }

    /** A new task's row, for {@link TaskInserts}: its INSERT alone. */
    static TaskInserts.Row row(Task task) {
        return new TaskInserts.Row(INSERT, Tuple.from(values(task)));
    }

    /**
     * A new task's row and {@code rows} of another table, for {@link TaskInserts}: one statement, so that both are
     * written, or (it fails) neither.
     */
    static TaskInserts.Row row(Task task, RowsWithTask rows) {
        String sql = "with rows_with_task as (" + rows.sql().apply(COLUMNS.size() + 1) + ") " + INSERT;
        List<Object> values = new ArrayList<>(values(task));
        values.addAll(rows.values());
        return new TaskInserts.Row(sql, Tuple.from(values));
    }

    /**
     * The one writer of a task's state: the columns a transition changed ({@code before} is {@link TaskState#read}
     * of the row before it), written in one statement if the row is still at the version read ({@code task.version}),
     * the version bumped and set on {@code task}. False when the row changed meanwhile, and nothing was written.
     */
    Uni<Boolean> write(SqlClient client, Task task, List<Object> before) {
        List<TaskState> changed = TaskState.changed(before, task);
        StringBuilder sql = new StringBuilder("update task set ");
        List<Object> values = new ArrayList<>();
        for (TaskState state : changed) {
            values.add(state.of(task));
            sql.append(state.column).append(" = $").append(values.size()).append(", ");
        }
        values.add(task.id);
        values.add(task.version);
        sql.append("version = version + 1 where id = $").append(values.size() - 1).append(" and version = $")
                .append(values.size()).append(" returning version");
        return client.preparedQuery(sql.toString()).execute(Tuple.from(values)).map(rows -> {
            if (rows.rowCount() != 1) {
                return false;
            }
            task.version = rows.iterator().next().getLong(0);
            return true;
        });
    }

    /** Deletes a task (a refused one: nothing of it is kept). */
    Uni<Void> delete(SqlClient client, String id) {
        return client.preparedQuery("delete from task where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Records a creation call about to be made, when none is under way and the task is still waiting for one. */
    Uni<Boolean> startAttempt(String id, Instant at) {
        return pool.preparedQuery("update task set attempt_started_at = $1, submit_attempts = submit_attempts + 1"
                + " where id = $2 and upstream_task_id is null and attempt_started_at is null and status = 'QUEUED'")
                .execute(Tuple.of(utc(at), id)).map(rows -> rows.rowCount() == 1);
    }

    /** Clears the attempt under way of a task the upstream has not accepted. */
    Uni<Void> attemptEnded(String id) {
        return pool.preparedQuery("update task set attempt_started_at = null where id = $1 and upstream_task_id is null")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Task> findById(String id) {
        return findById(pool, id, Lock.NONE);
    }

    Uni<Task> findById(SqlClient client, String id, Lock lock) {
        return client.preparedQuery(BY_ID + lock.clause).execute(Tuple.of(id)).map(TaskRepository::first);
    }

    public Uni<Task> findOwned(String id, String ownerHash) {
        return pool.preparedQuery(OWNED).execute(Tuple.of(id, ownerHash)).map(TaskRepository::first);
    }

    /** The owner's tasks, newest first, strictly after the cursor; {@code limit} rows at most. */
    public Uni<List<Task>> page(String ownerHash, PageCursor after, int limit) {
        Uni<RowSet<Row>> rows = after == null ? pool.preparedQuery(PAGE).execute(Tuple.of(ownerHash, limit))
                : pool.preparedQuery(PAGE_AFTER).execute(Tuple.of(ownerHash, utc(after.createdAt()), after.id(), limit));
        return rows.map(TaskRepository::all);
    }

    /** Tasks that have not ended and were created before {@code before}, oldest first, strictly after the cursor. */
    public Uni<List<PageCursor>> unfinished(Instant before, PageCursor after, int limit) {
        Uni<RowSet<Row>> rows = after == null
                ? pool.preparedQuery(UNFINISHED).execute(Tuple.of(utc(before), limit))
                : pool.preparedQuery(UNFINISHED_AFTER)
                        .execute(Tuple.of(utc(before), utc(after.createdAt()), after.id(), limit));
        return rows.map(page -> StreamSupport.stream(page.spliterator(), false)
                .map(row -> new PageCursor(row.getOffsetDateTime(0).toInstant(), row.getString(1))).toList());
    }

    /** Succeeded tasks whose images wait for their copy since before {@code before}, oldest first. */
    public Uni<List<Task>> imagesPending(Instant before, int limit) {
        return pool.preparedQuery(IMAGES_PENDING).execute(Tuple.of(utc(before), limit)).map(TaskRepository::all);
    }

    /** Marks the images of these tasks, and of the tasks that shared their generations, as deleted by retention. */
    public Uni<Void> markImagesRemoved(List<String> ids, Instant at) {
        String[] array = ids.toArray(String[]::new);
        return pool.preparedQuery("update task set images_removed_at = $1 where images_removed_at is null"
                + " and (id = any($2) or leader_task_id = any($2))")
                .execute(Tuple.of(utc(at), array)).replaceWithVoid();
    }

    /** The tasks sharing this task's generation that have not ended, locked for the transaction that changes them. */
    Uni<List<Task>> followersOf(SqlClient client, String leaderId) {
        return client.preparedQuery(FOLLOWERS).execute(Tuple.of(leaderId)).map(TaskRepository::all);
    }

    private static Task first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? task(iterator.next()) : null;
    }

    private static List<Task> all(RowSet<Row> rows) {
        List<Task> tasks = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            tasks.add(task(row));
        }
        return tasks;
    }

    /** A row of {@link #COLUMNS}, read back into a task (TaskRepositoryTest reads every field it inserts). */
    static Task task(Row row) {
        Task task = new Task();
        task.id = row.getString("id");
        task.ownerHash = row.getString("owner_hash");
        task.status = TaskStatus.valueOf(row.getString("status"));
        task.progress = row.getInteger("progress");
        task.model = row.getString("model");
        task.prompt = row.getString("prompt");
        task.negativePrompt = row.getString("negative_prompt");
        task.aspectRatio = row.getString("aspect_ratio");
        task.numImages = row.getInteger("num_images");
        task.seed = row.getInteger("seed");
        task.images = row.getString("images");
        task.creditsCharged = row.getInteger("credits_charged");
        task.cached = row.getBoolean("cached");
        task.errorCode = row.getString("error_code");
        task.errorMessage = row.getString("error_message");
        task.upstreamTaskId = row.getString("upstream_task_id");
        task.upstreamKey = row.getString("upstream_key");
        task.upstreamRequest = row.getString("upstream_request");
        task.upstreamRaw = row.getString("upstream_raw");
        task.lastStatusAt = instant(row, "last_status_at");
        task.createdAt = instant(row, "created_at");
        task.updatedAt = instant(row, "updated_at");
        task.fingerprint = row.getString("fingerprint");
        task.cacheScope = row.getString("cache_scope");
        task.cachePolicy = row.getString("cache_policy");
        task.leaderTaskId = row.getString("leader_task_id");
        task.submitAttempts = row.getInteger("submit_attempts");
        task.creditsReserved = row.getInteger("credits_reserved");
        task.reservedPeriodStart = instant(row, "reserved_period_start");
        task.attemptStartedAt = instant(row, "attempt_started_at");
        task.creditsPerImage = row.getInteger("credits_per_image");
        task.imagesRemovedAt = instant(row, "images_removed_at");
        task.imagesPendingSince = instant(row, "images_pending_since");
        task.version = row.getLong("version");
        task.requestedModel = row.getString("requested_model");
        task.options = row.getString("options");
        task.dialect = row.getString("dialect");
        return task;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
