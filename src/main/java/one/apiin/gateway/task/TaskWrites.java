package one.apiin.gateway.task;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import one.apiin.gateway.credits.CreditLedger;
import one.apiin.gateway.task.TaskRepository.Lock;

/**
 * The one writer of a task's state. A change is computed by {@link TaskTransitions} on the row as read; this writes
 * it ({@link TaskRepository#write}: the columns it changed, at the version read) together with what it moves in the
 * owner's budget (a task that ended holds what it was charged, a follower holds nothing), in one transaction when
 * there is something to move, in one statement otherwise. Then the new state is published to the task's subscribers
 * (after the commit, so that what they are told is what a read would return) and a task that ended is announced to
 * the gateway.
 */
@ApplicationScoped
class TaskWrites {

    private final TaskRepository repository;
    private final Event<TaskChanged> changed;
    private final Event<TaskEnded> ended;
    private final CreditLedger ledger;

    TaskWrites(TaskRepository repository, Event<TaskChanged> changed, Event<TaskEnded> ended, CreditLedger ledger) {
        this.repository = repository;
        this.changed = changed;
        this.ended = ended;
        this.ledger = ledger;
    }

    /** What a change computed on a row makes of it. */
    enum Change {
        /** Nothing to write. */
        NONE,
        /** Written, not told (what subscribers see did not change). */
        SILENT,
        /** Written and published. */
        SHOWN
    }

    /**
     * Changes a task when {@code when} holds for it as it is now: read locked, edited, its update time set, written and
     * published. Null when the task is gone or {@code when} did not hold.
     */
    Uni<TaskSnapshot> change(String id, Predicate<Task> when, Consumer<Task> edit) {
        return change(id, task -> {
            if (!when.test(task)) {
                return Change.NONE;
            }
            edit.accept(task);
            task.updatedAt = now();
            return Change.SHOWN;
        });
    }

    /**
     * Changes a task as {@code edit} decides on the row read (locked, in one transaction with the write); null unless
     * the change is {@link Change#SHOWN}.
     */
    Uni<TaskSnapshot> change(String id, Function<Task, Change> edit) {
        return repository.pool().withTransaction(connection -> repository.findById(connection, id, Lock.UPDATE)
                .chain(task -> {
                    if (task == null) {
                        return Uni.createFrom().<Task> nullItem();
                    }
                    List<Object> before = TaskState.read(task);
                    Change change = edit.apply(task);
                    if (change == Change.NONE) {
                        return Uni.createFrom().<Task> nullItem();
                    }
                    return write(connection, task, before).map(written -> written && change == Change.SHOWN ? task : null);
                }))
                .map(task -> task == null ? null : publish(task));
    }

    /**
     * Writes the change from {@code before} ({@link TaskState#read}) to {@code task} if the row is still at the version
     * read: in one statement, or in one transaction with the budget it moves. False, writing nothing, when the row
     * changed meanwhile.
     */
    Uni<Boolean> write(Task task, List<Object> before) {
        TaskTransitions.settle(task);
        int move = ledgerMove(task, before);
        if (move == 0) {
            return repository.write(repository.pool(), task, before);
        }
        return repository.pool().withTransaction(connection -> write(connection, task, before, move));
    }

    /** {@link #write(Task, List)} in the transaction of {@code client}. */
    Uni<Boolean> write(SqlClient client, Task task, List<Object> before) {
        TaskTransitions.settle(task);
        return write(client, task, before, ledgerMove(task, before));
    }

    /** Writes a settled change and, when it was written, what it moves in the budget ({@code move}). */
    private Uni<Boolean> write(SqlClient client, Task task, List<Object> before, int move) {
        return repository.write(client, task, before).call(written -> written && move != 0
                ? ledger.adjust(client, task.ownerHash, task.reservedPeriodStart, move)
                : Uni.createFrom().voidItem());
    }

    /**
     * What a change moves in the owner's budget: the change of what the task holds of a reservation made before it
     * (a reservation made by this change is the ledger's {@code reserve}, checked against the budget, not a move).
     */
    static int ledgerMove(Task task, List<Object> before) {
        Object period = before.get(TaskState.RESERVED_PERIOD_START.ordinal());
        if (period == null || !Objects.equals(period, TaskState.RESERVED_PERIOD_START.of(task))) {
            return 0;
        }
        return task.creditsReserved - (Integer) before.get(TaskState.CREDITS_RESERVED.ordinal());
    }

    TaskSnapshot publish(TaskSnapshot snapshot) {
        changed.fire(new TaskChanged(snapshot));
        return snapshot;
    }

    /** Publishes a committed change; a task that ended is also announced to the gateway (the result cache). */
    TaskSnapshot publish(Task task) {
        return announceEnded(task, publish(TaskSnapshot.of(task)));
    }

    /** Tells the gateway (result cache, metrics, limits) of a task that ended. */
    TaskSnapshot announceEnded(Task task, TaskSnapshot snapshot) {
        if (task.status.terminal()) {
            ended.fire(new TaskEnded(snapshot, task.fingerprint == null ? null
                    : new CacheMark(task.fingerprint, task.cacheScope, task.cachePolicy), task.leaderTaskId,
                    task.dialect == null ? TaskEnded.GRAPHQL : task.dialect));
        }
        return snapshot;
    }

    /** Upstream answers are kept for diagnosis, at most this much of each. */
    static final int RAW_LIMIT = 16 * 1024;

    static String capped(String raw) {
        return raw == null || raw.length() <= RAW_LIMIT ? raw : raw.substring(0, RAW_LIMIT);
    }

    static Instant now() {
        // PostgreSQL keeps microseconds: truncating here keeps cursors and reads equal to what was written.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
