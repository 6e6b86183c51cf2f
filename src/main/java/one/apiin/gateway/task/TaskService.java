package one.apiin.gateway.task;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.KeyVault;
import one.apiin.gateway.credits.BudgetExceeded;
import one.apiin.gateway.credits.CreditLedger;
import one.apiin.gateway.credits.Reservation;
import one.apiin.gateway.support.Echo;
import one.apiin.gateway.upstream.UpstreamTask;

/**
 * Every change of a task goes through here: one transaction per change, then the new state is published to
 * the task's subscribers (after the commit, so that what they are told is what a read would return).
 */
@ApplicationScoped
public class TaskService {

    private static final Logger LOG = Logger.getLogger(TaskService.class);

    private final TaskRepository repository;
    private final KeyVault vault;
    private final TaskIds ids;
    private final Event<TaskChanged> changed;
    private final Event<TaskEnded> ended;
    private final CreditLedger ledger;

    public TaskService(TaskRepository repository, KeyVault vault, TaskIds ids, Event<TaskChanged> changed,
            Event<TaskEnded> ended, CreditLedger ledger) {
        this.ledger = ledger;
        this.repository = repository;
        this.vault = vault;
        this.ids = ids;
        this.changed = changed;
        this.ended = ended;
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
        return repository.insert(task).replaceWith(() -> announceEnded(task, TaskSnapshot.of(task)));
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
                        : repository.findById(id).call(this::refund).map(task -> {
                            TaskTransitions.follow(task, TaskSnapshot.of(leader));
                            task.updatedAt = now();
                            return task;
                        })))
                .map(task -> task == null ? null : publish(task));
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
        if (mark != null) {
            task.fingerprint = mark.fingerprint();
            task.cacheScope = mark.scope();
            task.cachePolicy = mark.policy();
        }
        task.createdAt = now();
        task.updatedAt = task.createdAt;
        return task;
    }

    /** Brings a follower in line with its leader; null when nothing changed. A missing leader fails it. */
    public Uni<TaskSnapshot> mirror(String followerId, TaskSnapshot leader) {
        return change(followerId, follower -> !follower.status.terminal() && TaskTransitions.differs(follower, leader),
                follower -> TaskTransitions.mirror(follower, leader));
    }

    /**
     * The upstream refused to create the task (nothing was generated): the task goes, so that the caller, who gets
     * the refusal, finds nothing half-written; the tasks that shared its generation end FAILED with the same code
     * and message, in the same transaction.
     */
    public Uni<Void> refused(String id, String code, String message) {
        return Panache.withTransaction(() -> repository.findById(id)
                .call(task -> task == null ? Uni.createFrom().voidItem() : refund(task).call(() -> repository.delete(task)))
                .chain(leader -> repository.followersOf(id).map(followers -> {
                    String leaderOwner = leader == null ? null : leader.ownerHash;
                    followers.forEach(follower -> {
                        TaskTransitions.fail(follower, code, TaskTransitions.refusalFor(follower, leaderOwner, message));
                        follower.updatedAt = now();
                    });
                    return followers;
                })))
                .invoke(followers -> followers.forEach(this::publish))
                .replaceWithVoid();
    }

    /**
     * Records that a creation call is about to be made. False when it must not be: an attempt is under way (or its
     * outcome was never learned), the upstream already accepted the task, or it ended. Atomic in PostgreSQL, so at
     * most one replica makes a call for a task at a time, with or without Redis.
     */
    public Uni<Boolean> startAttempt(String id) {
        return Panache.withTransaction(() -> repository.update("attemptStartedAt = ?1, submitAttempts = submitAttempts + 1"
                + " where id = ?2 and upstreamTaskId is null and attemptStartedAt is null and status = ?3",
                now(), id, TaskStatus.QUEUED)).map(updated -> updated == 1);
    }

    /** The attempt is known to have created nothing (or its unknown outcome may be retried): another may be made. */
    public Uni<Void> attemptEnded(String id) {
        return Panache.withTransaction(() -> repository.update("attemptStartedAt = null where id = ?1"
                + " and upstreamTaskId is null", id)).replaceWithVoid();
    }

    /**
     * The upstream accepted the task: from now on it is RUNNING and followed under its upstream id. An id is stored
     * only where none is (a second one would orphan a billed generation): then, and for an ended task, null.
     */
    public Uni<TaskSnapshot> accepted(String id, UpstreamTask upstream) {
        return change(id, task -> {
            if (task.upstreamTaskId != null && !task.upstreamTaskId.equals(upstream.taskId())) {
                LOG.warnf("Task %s already has an upstream task; a second upstream id was dropped", id);
                return false;
            }
            if (task.status.terminal()) {
                keepLateUpstreamId(task, upstream);
                return false;
            }
            return true;
        }, task -> TaskTransitions.accept(task, upstream, now()));
    }

    /**
     * The upstream's callback names the generation made for a task whose creation answer never told (a timeout, a
     * proxy's 504, an unreadable 2xx): the task is followed under that id from now on, RUNNING, and charged as any.
     * Null, writing nothing, when the task already has an upstream id or shares another's generation; a task that
     * ended meanwhile keeps the id (see {@link #keepLateUpstreamId}).
     */
    public Uni<TaskSnapshot> acceptedFromCallback(String id, UpstreamTask upstream) {
        return change(id, task -> {
            if (task.upstreamTaskId != null || task.leaderTaskId != null || task.submitAttempts == 0) {
                return false;
            }
            if (task.status.terminal()) {
                keepLateUpstreamId(task, upstream);
                return false;
            }
            LOG.infof("Task %s: the upstream's callback names the generation its creation answer did not (upstream task"
                    + " %s); following it", id, Echo.printable(upstream.taskId(), 80));
            return true;
        }, task -> TaskTransitions.accept(task, upstream, now()));
    }

    /**
     * A creation call whose answer did not tell (or could not be read) waits for word from the upstream: the task stays
     * as it is, its attempt recorded (never made again), and an unreadable answer is kept on it ({@code raw}; null for
     * none). Null when the task was accepted or ended meanwhile (a callback came first).
     */
    public Uni<TaskSnapshot> awaitingWord(String id, String raw) {
        if (raw == null) {
            return find(id).map(task -> task == null || task.terminal() ? null : task);
        }
        return change(id, task -> !task.status.terminal() && task.upstreamTaskId == null,
                task -> task.upstreamRaw = capped(raw));
    }

    /**
     * Ends FAILED a task whose creation outcome is not known, unless the upstream's id reached it meanwhile (a
     * callback, or the answer itself): a task being followed is never failed for an answer that did not come.
     */
    public Uni<TaskSnapshot> failUnaccepted(String id, String code, String message, String upstreamRaw) {
        return change(id, task -> !task.status.terminal() && task.upstreamTaskId == null, task -> {
            TaskTransitions.fail(task, code, message);
            if (upstreamRaw != null) {
                task.upstreamRaw = capped(upstreamRaw);
            }
        });
    }

    /**
     * The upstream's answer to the creation call already carried the images (a model that answers at once): the task
     * ends with it, billed, in one change, its upstream id kept where there is one.
     */
    public Uni<TaskSnapshot> endedAtCreation(String id, UpstreamTask upstream, List<TaskImage> images) {
        return change(id, task -> !task.status.terminal(), task -> {
            if (task.upstreamTaskId == null) {
                task.upstreamTaskId = upstream.taskId();
            }
            task.attemptStartedAt = null;
            task.upstreamRaw = capped(upstream.raw());
            int perImage = task.creditsPerImage != null ? task.creditsPerImage : 0;
            TaskTransitions.apply(task, upstream, perImage, images);
            task.imagesPendingSince = TaskTransitions.imagesPending(TaskImages.read(task.images)) ? now() : null;
        });
    }

    /**
     * An upstream id that arrives for a task already ended (a scan settled it meanwhile) is kept on it, never dropped:
     * the upstream may bill that generation, and the operator can then find it. Logged once, when it is kept.
     */
    private static void keepLateUpstreamId(Task task, UpstreamTask upstream) {
        if (task.upstreamTaskId == null && upstream.taskId() != null) {
            task.upstreamTaskId = upstream.taskId();
            task.upstreamRaw = capped(upstream.raw());
            LOG.warnf("Task %s had ended when the upstream accepted it (upstream task %s): the id is kept on it; the "
                    + "upstream may bill that generation", task.id, Echo.printable(upstream.taskId(), 80));
        }
    }

    /**
     * {@link #accepted} for a task as it was stored (the first call of the replica that stored it): one conditional
     * UPDATE of the stored version, and the new state computed from the stored one rather than read back. Falls back
     * to {@link #accepted} when the row changed since (a reservation made, a concurrent change).
     */
    public Uni<TaskSnapshot> acceptedAsStored(TaskSnapshot stored, UpstreamTask upstream) {
        Task task = stored.asStored();
        List<Object> before = TaskState.read(task);
        TaskTransitions.accept(task, upstream, now());
        return repository.write(task, before).chain(written -> {
            if (!written) {
                return accepted(stored.id(), upstream);
            }
            task.version++;
            return Uni.createFrom().item(publish(task));
        });
    }

    /**
     * Applies one status answer to the task as the tracker's tick read it; completes with null when it changed nothing
     * the Task shows (subscribers are not told). The change is written in one statement, conditional on the row being
     * unchanged since that read; an end that settles a reserved price with the budget, or a row that changed
     * meanwhile, goes through a transaction that reads the task again.
     */
    public Uni<TaskSnapshot> observed(Tracked tracked, UpstreamTask upstream, int catalogCreditsPerImage,
            List<TaskImage> images) {
        Task task = tracked.row();
        List<Object> before = TaskState.read(task);
        Observation observation = observe(task, upstream, catalogCreditsPerImage, images, now());
        if (observation == null) {
            return Uni.createFrom().nullItem();
        }
        if (unsettled(task)) {
            return observed(tracked.id(), upstream, catalogCreditsPerImage, images);
        }
        return repository.write(task, before).chain(written -> {
            if (!written) {
                return observed(tracked.id(), upstream, catalogCreditsPerImage, images);
            }
            task.version++;
            return Uni.createFrom().item(observation.shows() ? publish(task) : null);
        });
    }

    /** Applies one status answer in a transaction of its own, reading the task first. */
    private Uni<TaskSnapshot> observed(String id, UpstreamTask upstream, int catalogCreditsPerImage,
            List<TaskImage> images) {
        return Panache.withTransaction(() -> repository.findById(id).map(task -> {
            Observation observation = observe(task, upstream, catalogCreditsPerImage, images, now());
            return observation != null && observation.shows() ? task : null;
        }).call(this::settle)).map(task -> task == null ? null : publish(task));
    }

    /**
     * Applies a status answer to a task; null when there is nothing to write. A poll that learns nothing writes nothing
     * (no version bump), but for a heartbeat of when the upstream last answered, at most once per STATUS_HEARTBEAT,
     * which the status deadline counts from; the raw answer is stored only when it changed.
     */
    private static Observation observe(Task task, UpstreamTask upstream, int catalogCreditsPerImage,
            List<TaskImage> images, Instant now) {
        if (task == null || task.status.terminal()) {
            return null;
        }
        String raw = capped(upstream.raw());
        boolean rawChanged = !Objects.equals(raw, task.upstreamRaw);
        int perImage = task.creditsPerImage != null ? task.creditsPerImage : catalogCreditsPerImage;
        boolean shows = TaskTransitions.apply(task, upstream, perImage, images);
        if (shows && task.status == TaskStatus.SUCCEEDED) {
            task.imagesPendingSince = TaskTransitions.imagesPending(TaskImages.read(task.images)) ? now : null;
        }
        if (rawChanged) {
            task.upstreamRaw = raw;
        }
        boolean heartbeat = task.lastStatusAt == null || task.lastStatusAt.isBefore(now.minus(STATUS_HEARTBEAT));
        if (!shows && !rawChanged && !heartbeat) {
            return null;
        }
        task.lastStatusAt = now;
        if (shows) {
            task.updatedAt = now;
        }
        return new Observation(shows);
    }

    /** What a status answer changed, to be written: whether subscribers see it. */
    private record Observation(boolean shows) {
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
            task.updatedAt = now();
            return task;
        })).map(task -> task == null ? null : publish(TaskSnapshot.of(task)));
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
        return ids.isEmpty() ? Uni.createFrom().voidItem() : repository.markImagesRemoved(ids, now());
    }

    /** Ends a task FAILED with a stable code. */
    public Uni<TaskSnapshot> fail(String id, String code, String message) {
        return change(id, task -> !task.status.terminal(), task -> TaskTransitions.fail(task, code, message));
    }

    /** Ends a task FAILED with a stable code, keeping the upstream answer that explains it (capped). */
    public Uni<TaskSnapshot> fail(String id, String code, String message, String upstreamRaw) {
        return change(id, task -> !task.status.terminal(), task -> {
            TaskTransitions.fail(task, code, message);
            task.upstreamRaw = capped(upstreamRaw);
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

    /** What following a task upstream needs, key decrypted; null when the task is gone. */
    public Uni<Tracked> tracked(String id) {
        return Panache.withSession(() -> repository.findById(id)).map(task -> task == null ? null
                : new Tracked(task.id, task.status, task.upstreamTaskId, readKey(task), task.upstreamKey != null,
                        task.upstreamRequest, task.leaderTaskId, task.model, task.createdAt,
                        task.lastStatusAt == null ? task.createdAt : task.lastStatusAt, task.attemptStartedAt, task));
    }

    /** The stored key, or null when there is none or this replica cannot read it (another GATEWAY_SECRET). */
    private String readKey(Task task) {
        if (task.upstreamKey == null) {
            return null;
        }
        try {
            return vault.decrypt(task.upstreamKey);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** A new task id for this owner. */
    public String newId(String ownerHash) {
        return ids.newId(ownerHash);
    }

    /** Whether the id was made for this owner (without a database read: the id carries a signature). */
    public boolean mayBelongTo(String id, String ownerHash) {
        return ids.madeFor(id, ownerHash);
    }

    /**
     * A task as its tracker sees it. {@code statusKnownAt} is when the upstream last answered about it;
     * {@code attemptStartedAt} when the creation call under way (or whose outcome was never learned) started;
     * {@code row} the task as read (detached: changing it writes nothing), to which a status answer is applied.
     */
    public record Tracked(String id, TaskStatus status, String upstreamTaskId, String apiKey, boolean keyStored,
            String upstreamRequest, String leaderTaskId, String model, Instant createdAt, Instant statusKnownAt,
            Instant attemptStartedAt, Task row) {

        /**
         * About when the upstream accepted the task: when the creation call it accepted started (the attempt is kept
         * once accepted; the first is recorded with the task).
         */
        public Instant acceptedAround() {
            return attemptStartedAt != null ? attemptStartedAt : createdAt;
        }

        /** How many images the task asks for (its generation time is learned per model and number). */
        public int numImages() {
            return row.numImages;
        }

        /** Never the key, nor the row (which holds it encrypted). */
        @Override
        public String toString() {
            return "Tracked[" + id + ", " + status + ", upstream=" + upstreamTaskId + "]";
        }
    }

    private Uni<TaskSnapshot> change(String id, Predicate<Task> when, Consumer<Task> edit) {
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
    private Uni<Void> settle(Task task) {
        if (task == null || !unsettled(task)) {
            return Uni.createFrom().voidItem();
        }
        int delta = task.creditsCharged - task.creditsReserved;
        task.creditsReserved = task.creditsCharged;
        return ledger.adjust(task.ownerHash, task.reservedPeriodStart, delta);
    }

    /** Whether the task ended holding a reservation other than its price, which the budget's ledger must settle. */
    private static boolean unsettled(Task task) {
        return task.status.terminal() && task.reservedPeriodStart != null && task.creditsReserved != task.creditsCharged;
    }

    /** Gives a task's whole reservation back (it shares another's generation, or it is refused). */
    private Uni<Void> refund(Task task) {
        if (task == null || task.reservedPeriodStart == null || task.creditsReserved == 0) {
            return Uni.createFrom().voidItem();
        }
        int held = task.creditsReserved;
        task.creditsReserved = 0;
        return ledger.adjust(task.ownerHash, task.reservedPeriodStart, -held);
    }

    private TaskSnapshot publish(TaskSnapshot snapshot) {
        changed.fire(new TaskChanged(snapshot));
        return snapshot;
    }

    /** Publishes a committed change; a task that ended is also announced to the gateway (the result cache). */
    private TaskSnapshot publish(Task task) {
        return announceEnded(task, publish(TaskSnapshot.of(task)));
    }

    /** Tells the gateway (result cache, metrics, limits) of a task that ended. */
    private TaskSnapshot announceEnded(Task task, TaskSnapshot snapshot) {
        if (task.status.terminal()) {
            ended.fire(new TaskEnded(snapshot, task.fingerprint == null ? null
                    : new CacheMark(task.fingerprint, task.cacheScope, task.cachePolicy), task.leaderTaskId));
        }
        return snapshot;
    }

    /** How often an unchanged status answer is still written down (as the time the upstream last answered). */
    static final Duration STATUS_HEARTBEAT = Duration.ofMinutes(1);

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
