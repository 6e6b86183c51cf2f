package one.apiin.gateway.task;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import one.apiin.gateway.auth.KeyVault;
import one.apiin.gateway.credits.BudgetExceeded;
import one.apiin.gateway.credits.CreditLedger;
import one.apiin.gateway.credits.Reservation;
import one.apiin.gateway.task.TaskRepository.Lock;

/**
 * A task's life in the gateway, apart from the upstream ({@link TaskAttempts}): storing it (with its budget
 * reservation), answering it from the cache, sharing another's generation, its refusal and failures, its images'
 * copies, and reading tasks. Each change is computed by {@link TaskTransitions} and written by {@link TaskWrites}.
 */
@ApplicationScoped
public class TaskService {

    private final TaskRepository repository;
    private final KeyVault vault;
    private final TaskIds ids;
    private final CreditLedger ledger;
    private final TaskWrites writes;
    private final TaskInserts inserts;

    TaskService(TaskRepository repository, KeyVault vault, TaskIds ids, CreditLedger ledger, TaskWrites writes,
            TaskInserts inserts) {
        this.inserts = inserts;
        this.ledger = ledger;
        this.repository = repository;
        this.vault = vault;
        this.ids = ids;
        this.writes = writes;
    }

    /**
     * Stores a new task, QUEUED, with the caller's key kept encrypted for the upstream calls to come, and, when
     * {@code reservation} is given, its price reserved of the owner's budget in the same transaction: fails
     * {@link BudgetExceeded}, storing nothing, when it does not fit.
     */
    public Uni<TaskSnapshot> create(NewTask request, String apiKey, String upstreamRequest, Reservation reservation) {
        Task task = newTask(request);
        task.upstreamKey = vault.encrypt(apiKey);
        task.upstreamRequest = upstreamRequest;
        // Its first creation call is recorded with it (the replica makes it next, unless the task shares another's
        // generation: attach clears it). Lost before the call, the task ends OUTCOME_UNKNOWN, never paid twice.
        task.attemptStartedAt = task.createdAt;
        task.submitAttempts = 1;
        if (reservation == null) {
            return inserts.insert(TaskRepository.row(task)).replaceWith(() -> TaskSnapshot.of(task));
        }
        task.creditsReserved = reservation.amount();
        task.reservedPeriodStart = reservation.period().start(task.createdAt);
        return repository.pool().withTransaction(connection -> repository.insert(connection, task)
                .call(() -> ledger.reserve(connection, task.ownerHash, task.reservedPeriodStart, reservation,
                        task.createdAt)))
                .map(ignored -> TaskSnapshot.of(task));
    }

    /**
     * Reserves a stored task's price of its owner's budget, when it holds none yet (a task stored to share a
     * generation that it now makes itself); fails {@link BudgetExceeded} when it does not fit.
     */
    public Uni<Void> reserve(String id, Reservation reservation) {
        return repository.pool().withTransaction(connection -> repository.findById(connection, id, Lock.UPDATE)
                .chain(task -> {
                    if (task == null || task.reservedPeriodStart != null) {
                        return Uni.createFrom().voidItem();
                    }
                    List<Object> before = TaskState.read(task);
                    task.creditsReserved = reservation.amount();
                    task.reservedPeriodStart = reservation.period().start(task.createdAt);
                    return writes.write(connection, task, before).chain(() -> ledger.reserve(connection,
                            task.ownerHash, task.reservedPeriodStart, reservation, task.createdAt));
                }));
    }

    /**
     * Stores a task answered from the result cache: SUCCEEDED at once, free, no upstream call. {@code rows} (null when
     * none) are written in the same statement: its references to the kept images it reuses. Null, storing nothing,
     * when those cannot be written (an image is gone): the request is then a miss.
     */
    public Uni<TaskSnapshot> createCached(NewTask request, List<TaskImage> images, RowsWithTask rows) {
        Task task = newTask(request);
        task.status = TaskStatus.SUCCEEDED;
        task.progress = 100;
        task.images = TaskImages.write(images);
        task.cached = true;
        Uni<Boolean> stored = rows == null ? inserts.insert(TaskRepository.row(task)).replaceWith(true)
                : inserts.insert(TaskRepository.row(task, rows)).replaceWith(true).onFailure(rows.refused())
                        .recoverWithItem(false);
        // Announced as ended (metrics count it; the result cache skips cache hits), not as a change: its id is given
        // out by this answer only, so nobody can be following it yet.
        return stored.map(written -> written ? writes.announceEnded(task, TaskSnapshot.of(task)) : null);
    }

    /**
     * Makes a stored task that was not submitted share the generation of {@code leaderId} instead: free, showing its
     * leader's state from now on. Null when the leader is gone or failed (its in-flight marker is stale). The leader's
     * row is read with a share lock, so that a leader being refused (deleted, its followers failed, in one
     * transaction) either sees this follower or is already gone for it.
     */
    public Uni<TaskSnapshot> attach(String id, String leaderId) {
        return repository.pool().withTransaction(connection -> repository.findById(connection, leaderId, Lock.SHARE)
                .chain(leader -> leader == null || leader.status == TaskStatus.FAILED ? Uni.createFrom().<Task> nullItem()
                        : repository.findById(connection, id, Lock.UPDATE).chain(task -> {
                            if (task == null) {
                                return Uni.createFrom().<Task> nullItem();
                            }
                            List<Object> before = TaskState.read(task);
                            TaskTransitions.follow(task, TaskSnapshot.of(leader));
                            task.updatedAt = TaskWrites.now();
                            return writes.write(connection, task, before).map(written -> task);
                        })))
                .map(task -> task == null ? null : writes.publish(task));
    }

    private static Task newTask(NewTask request) {
        CacheMark mark = request.mark();
        Task task = new Task();
        task.id = request.id();
        task.ownerHash = request.ownerHash();
        task.status = TaskStatus.QUEUED;
        task.model = request.model();
        task.prompt = request.prompt();
        task.negativePrompt = request.negativePrompt();
        task.aspectRatio = request.aspectRatio();
        task.numImages = request.numImages();
        task.seed = request.seed();
        task.creditsPerImage = request.creditsPerImage();
        task.requestedModel = request.model().equals(request.requestedModel()) ? null : request.requestedModel();
        task.options = TaskOptions.write(request.options());
        task.dialect = request.dialect();
        if (mark != null) {
            task.fingerprint = mark.fingerprint();
            task.cacheScope = mark.scope();
            task.cachePolicy = mark.policy();
        }
        task.createdAt = TaskWrites.now();
        task.updatedAt = task.createdAt;
        return task;
    }

    /** Brings a follower in line with its leader; null when nothing changed. A missing leader fails it. */
    public Uni<TaskSnapshot> mirror(String followerId, TaskSnapshot leader) {
        return writes.change(followerId, follower -> !follower.status.terminal() && TaskTransitions.differs(follower, leader),
                follower -> TaskTransitions.mirror(follower, leader));
    }

    /**
     * The upstream refused to create the task (nothing was generated): the task goes, so that the caller, who gets
     * the refusal, finds nothing half-written; the tasks that shared its generation end FAILED with the same code
     * and message, in the same transaction.
     */
    public Uni<Void> refused(String id, String code, String message) {
        return repository.pool().withTransaction(connection -> repository.findById(connection, id, Lock.UPDATE)
                .call(task -> task == null ? Uni.createFrom().voidItem()
                        : refund(connection, task)
                                .call(() -> repository.delete(connection, id)))
                .chain(leader -> repository.followersOf(connection, id).call(followers -> {
                    String leaderOwner = leader == null ? null : leader.ownerHash;
                    Uni<Void> writing = Uni.createFrom().voidItem();
                    for (Task follower : followers) {
                        List<Object> before = TaskState.read(follower);
                        TaskTransitions.fail(follower, code, TaskTransitions.refusalFor(follower, leaderOwner, message));
                        follower.updatedAt = TaskWrites.now();
                        writing = writing.chain(() -> writes.write(connection, follower, before)).replaceWithVoid();
                    }
                    return writing;
                })))
                .invoke(followers -> followers.forEach(writes::publish))
                .replaceWithVoid();
    }

    /** Gives the whole reservation of a task that goes back to its owner's budget. */
    private Uni<Void> refund(SqlClient connection, Task task) {
        return task.reservedPeriodStart == null ? Uni.createFrom().voidItem()
                : ledger.adjust(connection, task.ownerHash, task.reservedPeriodStart, -task.creditsReserved);
    }

    /**
     * A succeeded task's images after copies made later (or given up): they replace its images, published to whoever
     * reads it; it stops waiting for copies when none is pending any more. Null, writing nothing, when the task is not
     * at {@code version} any more (another replica wrote its copies first).
     */
    public Uni<TaskSnapshot> imagesCopied(String id, long version, List<TaskImage> images) {
        // Told to whoever reads the task, but not announced as ended again: it ended once (metrics, cache, limits).
        return repository.findById(id).chain(task -> {
            if (task == null || task.status != TaskStatus.SUCCEEDED || task.version != version) {
                return Uni.createFrom().<TaskSnapshot> nullItem();
            }
            List<Object> before = TaskState.read(task);
            task.images = TaskImages.write(images);
            if (!TaskTransitions.imagesPending(images)) {
                task.imagesPendingSince = null;
            }
            task.updatedAt = TaskWrites.now();
            return writes.write(task, before).map(written -> written ? writes.publish(TaskSnapshot.of(task)) : null);
        });
    }

    /** Succeeded tasks with images waiting for their copy since before {@code before}, oldest first. */
    public Uni<List<PendingImages>> imagesPending(Instant before, int limit) {
        return repository.imagesPending(before, limit).map(tasks -> tasks.stream()
                .map(task -> new PendingImages(task.id, task.version, TaskImages.read(task.images),
                        task.imagesPendingSince))
                .toList());
    }

    /** A succeeded task whose images wait for their copy {@code since}, at {@code version}. */
    public record PendingImages(String id, long version, List<TaskImage> images, Instant since) {
    }

    /** Retention deleted the kept images of these tasks (and of the tasks that shared their generations). */
    public Uni<Void> imagesRemoved(List<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().voidItem() : repository.markImagesRemoved(ids, TaskWrites.now());
    }

    /** Ends a task FAILED with a stable code. */
    public Uni<TaskSnapshot> fail(String id, String code, String message) {
        return writes.change(id, task -> !task.status.terminal(), task -> TaskTransitions.fail(task, code, message));
    }

    /** Ends a task FAILED with a stable code, keeping the upstream answer that explains it (capped). */
    public Uni<TaskSnapshot> fail(String id, String code, String message, String upstreamRaw) {
        return writes.change(id, task -> !task.status.terminal(), task -> {
            TaskTransitions.fail(task, code, message);
            task.upstreamRaw = TaskWrites.capped(upstreamRaw);
        });
    }

    public Uni<TaskSnapshot> find(String id) {
        return repository.findById(id).map(task -> task == null ? null : TaskSnapshot.of(task));
    }

    public Uni<TaskSnapshot> findOwned(String id, String ownerHash) {
        return repository.findOwned(id, ownerHash).map(task -> task == null ? null : TaskSnapshot.of(task));
    }

    public Uni<List<TaskSnapshot>> page(String ownerHash, PageCursor after, int limit) {
        return repository.page(ownerHash, after, limit).map(tasks -> tasks.stream().map(TaskSnapshot::of).toList());
    }

    /** Tasks that have not ended, created before {@code before}, oldest first, strictly after {@code after}. */
    public Uni<List<PageCursor>> unfinished(Instant before, PageCursor after, int limit) {
        return repository.unfinished(before, after, limit);
    }

    /** A new task id for this owner. */
    public String newId(String ownerHash) {
        return ids.newId(ownerHash);
    }

    /** Whether the id was made for this owner (without a database read: the id carries a signature). */
    public boolean mayBelongTo(String id, String ownerHash) {
        return ids.madeFor(id, ownerHash);
    }

}
