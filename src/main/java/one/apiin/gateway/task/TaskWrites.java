package one.apiin.gateway.task;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.credits.CreditLedger;

/**
 * How a change of a task is made once it is computed ({@link TaskTransitions}): in one transaction that reads the
 * row, applies the change, settles the budget's reservation of a task that ended, and commits; then the new state is
 * published to the task's subscribers (after the commit, so that what they are told is what a read would return) and
 * a task that ended is announced to the gateway. The hot path's single statements go through
 * {@link TaskRepository#write} instead, and publish here too.
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

    Uni<TaskSnapshot> change(String id, Predicate<Task> when, Consumer<Task> edit) {
        return Panache.withTransaction(() -> repository.findById(id).map(task -> {
            if (task == null || !when.test(task)) {
                return null;
            }
            edit.accept(task);
            task.updatedAt = now();
            return task;
        }).call(this::settle)).map(task -> task == null ? null : publish(task));
    }

    /**
     * A task that ended settles its reservation, in the transaction that ends it: its owner keeps held what it was
     * charged (all of it on success, nothing on failure). Idempotent: the task then holds what it was charged.
     */
    Uni<Void> settle(Task task) {
        if (task == null || !unsettled(task)) {
            return Uni.createFrom().voidItem();
        }
        int delta = task.creditsCharged - task.creditsReserved;
        task.creditsReserved = task.creditsCharged;
        return ledger.adjust(task.ownerHash, task.reservedPeriodStart, delta);
    }

    /** Whether the task ended holding a reservation other than its price, which the budget's ledger must settle. */
    static boolean unsettled(Task task) {
        return task.status.terminal() && task.reservedPeriodStart != null && task.creditsReserved != task.creditsCharged;
    }

    /** Gives a task's whole reservation back (it shares another's generation, or it is refused). */
    Uni<Void> refund(Task task) {
        if (task == null || task.reservedPeriodStart == null || task.creditsReserved == 0) {
            return Uni.createFrom().voidItem();
        }
        int held = task.creditsReserved;
        task.creditsReserved = 0;
        return ledger.adjust(task.ownerHash, task.reservedPeriodStart, -held);
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
