package one.apiin.gateway.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The task table. Reads and most changes go through Hibernate Reactive; the single statements of the hot path
 * (storing a new task, the upstream's acceptance of one just stored, a status answer, and the scan for unfinished
 * tasks) are written with the reactive SQL client that Hibernate Reactive itself runs on, committed on their own, the
 * changes conditional on the version read: through a Hibernate session each cost a read and a transaction more
 * (bench/README.md).
 */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, String> {

    /** Every column of the task table, in the order of {@link #insert}'s values (TaskRepositoryTest checks both). */
    static final List<String> COLUMNS = List.of("id", "owner_hash", "status", "progress", "model", "prompt",
            "negative_prompt", "aspect_ratio", "num_images", "seed", "images", "credits_charged", "cached", "error_code",
            "error_message", "upstream_task_id", "upstream_key", "upstream_request", "upstream_raw", "last_status_at",
            "created_at", "updated_at", "fingerprint", "cache_scope", "cache_policy", "leader_task_id",
            "submit_attempts", "credits_reserved", "reserved_period_start", "attempt_started_at", "credits_per_image",
            "images_removed_at", "images_pending_since", "version");

    private static final String INSERT = "insert into task (" + String.join(", ", COLUMNS) + ") values ("
            + IntStream.rangeClosed(1, COLUMNS.size()).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ")";

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

    private final Pool pool;

    public TaskRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a new task in one statement (no transaction of its own is needed). */
    public Uni<Void> insert(Task task) {
        return pool.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(task.id, task.ownerHash,
                task.status.name(), task.progress, task.model, task.prompt, task.negativePrompt, task.aspectRatio,
                task.numImages, task.seed, task.images, task.creditsCharged, task.cached, task.errorCode,
                task.errorMessage, task.upstreamTaskId, task.upstreamKey, task.upstreamRequest, task.upstreamRaw,
                utc(task.lastStatusAt), utc(task.createdAt), utc(task.updatedAt), task.fingerprint, task.cacheScope,
                task.cachePolicy, task.leaderTaskId, task.submitAttempts, task.creditsReserved,
                utc(task.reservedPeriodStart), utc(task.attemptStartedAt), task.creditsPerImage, utc(task.imagesRemovedAt),
                utc(task.imagesPendingSince), task.version)))
                .replaceWithVoid();
    }

    /**
     * The one writer of a task's state on the SQL client: the columns a transition changed ({@code before} is
     * {@link TaskState#read} of the row before it), written in one statement if the row is still at the version read
     * ({@code task.version}), the version bumped. False when the row changed meanwhile, and nothing was written.
     */
    Uni<Boolean> write(Task task, List<Object> before) {
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
                .append(values.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(values)).map(rows -> rows.rowCount() == 1);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public Uni<Task> findOwned(String id, String ownerHash) {
        return find("id = ?1 and ownerHash = ?2", id, ownerHash).firstResult();
    }

    /** The owner's tasks, newest first, strictly after the cursor; {@code limit} rows at most. */
    public Uni<List<Task>> page(String ownerHash, PageCursor after, int limit) {
        if (after == null) {
            return find("ownerHash = ?1 order by createdAt desc, id desc", ownerHash).page(0, limit).list();
        }
        return find("ownerHash = :owner and (createdAt < :at or (createdAt = :at and id < :id))"
                + " order by createdAt desc, id desc",
                Map.of("owner", ownerHash, "at", after.createdAt(), "id", after.id()))
                .page(0, limit).list();
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
        return find("imagesPendingSince < ?1 order by imagesPendingSince", before).page(0, limit).list();
    }

    /** Marks the images of these tasks, and of the tasks that shared their generations, as deleted by retention. */
    public Uni<Void> markImagesRemoved(List<String> ids, Instant at) {
        String[] array = ids.toArray(String[]::new);
        return pool.preparedQuery("update task set images_removed_at = $1 where images_removed_at is null"
                + " and (id = any($2) or leader_task_id = any($2))")
                .execute(Tuple.of(utc(at), array)).replaceWithVoid();
    }

    /** The tasks sharing this task's generation that have not ended. */
    public Uni<List<Task>> followersOf(String leaderId) {
        return list("leaderTaskId = ?1 and status in ?2", leaderId, List.of(TaskStatus.QUEUED, TaskStatus.RUNNING));
    }
}
