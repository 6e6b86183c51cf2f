package one.apiin.gateway.task;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.KeyVault;
import one.apiin.gateway.credits.BudgetExceeded;
import one.apiin.gateway.credits.CreditLedger;
import one.apiin.gateway.credits.Reservation;

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

    TaskService(TaskRepository repository, KeyVault vault, TaskIds ids, CreditLedger ledger, TaskWrites writes) {
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
            return repository.insert(task).replaceWith(() -> TaskSnapshot.of(task));
        }
        task.creditsReserved = reservation.amount();
        task.reservedPeriodStart = reservation.period().start(task.createdAt);
        return Panache.withTransaction(() -> repository.persist(task)
                .call(() -> ledger.reserve(task.ownerHash, task.reservedPeriodStart, reservation, task.createdAt)))
                .map(TaskSnapshot::of);
    }

    /**
     * Reserves a stored task's price of its owner's budget, when it holds none yet (a task stored to share a
     * generation that it now makes itself); fails {@link BudgetExceeded} when it does not fit.
     */
    public Uni<Void> reserve(String id, Reservation reservation) {
        return Panache.withTransaction(() -> repository.findById(id).chain(task -> {
            if (task == null || task.reservedPeriodStart != null) {
                return Uni.createFrom().voidItem();
            }
            task.creditsReserved = reservation.amount();
            task.reservedPeriodStart = reservation.period().start(task.createdAt);
            return ledger.reserve(task.ownerHash, task.reservedPeriodStart, reservation, task.createdAt);
        }));
    }

    /** Stores a task answered from the result cache: SUCCEEDED at once, free, no upstream call. */
    public Uni<TaskSnapshot> createCached(NewTask request, List<TaskImage> images) {
        Task task = newTask(request);
        task.status = TaskStatus.SUCCEEDED;
        task.progress = 100;
        task.images = TaskImages.write(images);
        task.cached = true;
        // Announced as ended (metrics count it; the result cache skips cache hits), not as a change: its id is given
        // out by this answer only, so nobody can be following it yet.
        return repository.insert(task).replaceWith(() -> writes.announceEnded(task, TaskSnapshot.of(task)));
    }

    /**
     * Makes a stored task that was not submitted share the generation of {@code leaderId} instead: free, showing its
     * leader's state from now on. Null when the leader is gone or failed (its in-flight marker is stale). The leader's
     * row is read with a share lock, so that a leader being refused (deleted, its followers failed, in one
     * transaction) either sees this follower or is already gone for it.
     */
    public Uni<TaskSnapshot> attach(String id, String leaderId) {
        return Panache.withTransaction(() -> repository.findById(leaderId, LockModeType.PESSIMISTIC_READ)
                .chain(leader -> leader == null || leader.status == TaskStatus.FAILED ? Uni.createFrom().nullItem()
                        : repository.findById(id).call(writes::refund).map(task -> {
                            TaskTransitions.follow(task, TaskSnapshot.of(leader));
                            task.updatedAt = TaskWrites.now();
                            return task;
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
        return Panache.withTransaction(() -> repository.findById(id)
                .call(task -> task == null ? Uni.createFrom().voidItem()
                        : writes.refund(task).call(() -> repository.delete(task)))
                .chain(leader -> repository.followersOf(id).map(followers -> {
                    String leaderOwner = leader == null ? null : leader.ownerHash;
                    followers.forEach(follower -> {
                        TaskTransitions.fail(follower, code, TaskTransitions.refusalFor(follower, leaderOwner, message));
                        follower.updatedAt = TaskWrites.now();
                    });
                    return followers;
                })))
                .invoke(followers -> followers.forEach(writes::publish))
                .replaceWithVoid();
    }

    /**
     * A succeeded task's images after copies made later (or given up): they replace its images, published to whoever
     * reads it; it stops waiting for copies when none is pending any more. Null, writing nothing, when the task is not
     * at {@code version} any more (another replica wrote its copies first).
     */
    public Uni<TaskSnapshot> imagesCopied(String id, long version, List<TaskImage> images) {
        // Told to whoever reads the task, but not announced as ended again: it ended once (metrics, cache, limits).
        return Panache.withTransaction(() -> repository.findById(id).map(task -> {
            if (task == null || task.status != TaskStatus.SUCCEEDED || task.version != version) {
                return null;
            }
            task.images = TaskImages.write(images);
            if (!TaskTransitions.imagesPending(images)) {
                task.imagesPendingSince = null;
            }
            task.updatedAt = TaskWrites.now();
            return task;
        })).map(task -> task == null ? null : writes.publish(TaskSnapshot.of(task)));
    }

    /** Succeeded tasks with images waiting for their copy since before {@code before}, oldest first. */
    public Uni<List<PendingImages>> imagesPending(Instant before, int limit) {
        return Panache.withSession(() -> repository.imagesPending(before, limit)).map(tasks -> tasks.stream()
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
        return Panache.withSession(() -> repository.findById(id)).map(task -> task == null ? null : TaskSnapshot.of(task));
    }

    public Uni<TaskSnapshot> findOwned(String id, String ownerHash) {
        return Panache.withSession(() -> repository.findOwned(id, ownerHash))
                .map(task -> task == null ? null : TaskSnapshot.of(task));
    }

    public Uni<List<TaskSnapshot>> page(String ownerHash, PageCursor after, int limit) {
        return Panache.withSession(() -> repository.page(ownerHash, after, limit))
                .map(tasks -> tasks.stream().map(TaskSnapshot::of).toList());
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
