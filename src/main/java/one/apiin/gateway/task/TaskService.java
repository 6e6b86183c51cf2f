package one.apiin.gateway.task;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.KeyVault;
import one.apiin.gateway.upstream.UpstreamTask;

/**
 * Every change of a task goes through here: one transaction per change, then the new state is published to
 * the task's subscribers (after the commit, so that what they are told is what a read would return).
 */
@ApplicationScoped
public class TaskService {

    private final TaskRepository repository;
    private final KeyVault vault;
    private final TaskIds ids;
    private final Event<TaskChanged> changed;
    private final Event<TaskEnded> ended;

    public TaskService(TaskRepository repository, KeyVault vault, TaskIds ids, Event<TaskChanged> changed,
            Event<TaskEnded> ended) {
        this.repository = repository;
        this.vault = vault;
        this.ids = ids;
        this.changed = changed;
        this.ended = ended;
    }

    /** Stores a new task, QUEUED, with the caller's key kept encrypted for the upstream calls to come. */
    public Uni<TaskSnapshot> create(NewTask request, String apiKey, String upstreamRequest) {
        Task task = newTask(request);
        task.upstreamKey = vault.encrypt(apiKey);
        task.upstreamRequest = upstreamRequest;
        return Panache.withTransaction(() -> repository.persist(task)).map(TaskSnapshot::of);
    }

    /** Stores a task answered from the result cache: SUCCEEDED at once, free, no upstream call. */
    public Uni<TaskSnapshot> createCached(NewTask request, List<TaskImage> images) {
        Task task = newTask(request);
        task.status = TaskStatus.SUCCEEDED;
        task.progress = 100;
        task.images = TaskImages.write(images);
        task.cached = true;
        return Panache.withTransaction(() -> repository.persist(task)).map(saved -> publish(TaskSnapshot.of(saved)));
    }

    /** Stores a task that shares the generation of {@code leaderId}: free, following its leader. */
    public Uni<TaskSnapshot> createFollower(NewTask request, String leaderId) {
        Task task = newTask(request);
        task.status = TaskStatus.RUNNING;
        task.cached = true;
        task.leaderTaskId = leaderId;
        return Panache.withTransaction(() -> repository.persist(task)).map(TaskSnapshot::of);
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
        if (mark != null) {
            task.fingerprint = mark.fingerprint();
            task.cacheScope = mark.scope();
            task.cachePolicy = mark.policy();
        }
        task.createdAt = now();
        task.updatedAt = task.createdAt;
        return task;
    }

    /**
     * Brings a follower in line with its leader; null when nothing changed. A leader that is missing past
     * {@code grace} after the follower was created (its creation was refused, or it was lost) fails the follower.
     */
    public Uni<TaskSnapshot> mirror(String followerId, TaskSnapshot leader, Duration grace) {
        return change(followerId, follower -> !follower.status.terminal() && TaskTransitions.differs(follower, leader)
                && (leader != null || follower.createdAt.plus(grace).isBefore(Instant.now())),
                follower -> TaskTransitions.mirror(follower, leader));
    }

    /** Forgets a task the upstream refused: the caller gets the error, and nothing stays half-written. */
    public Uni<Void> discard(String id) {
        return Panache.withTransaction(() -> repository.deleteById(id)).replaceWithVoid();
    }

    /** The upstream accepted the task: from now on it is RUNNING and followed under its upstream id. */
    public Uni<TaskSnapshot> accepted(String id, UpstreamTask upstream) {
        return change(id, task -> !task.status.terminal(), task -> {
            task.status = TaskStatus.RUNNING;
            task.upstreamTaskId = upstream.taskId();
            task.progress = upstream.progress();
            task.upstreamRaw = upstream.raw();
        });
    }

    /**
     * Applies one status answer; completes with null when it changed nothing the Task shows (the raw body is
     * kept all the same; subscribers are not told).
     */
    public Uni<TaskSnapshot> observed(String id, UpstreamTask upstream, int creditsOnSuccess) {
        return Panache.withTransaction(() -> repository.findById(id).map(task -> {
            if (task == null || task.status.terminal()) {
                return null;
            }
            task.upstreamRaw = upstream.raw();
            task.lastStatusAt = now();
            if (!TaskTransitions.apply(task, upstream, creditsOnSuccess)) {
                return null;
            }
            task.updatedAt = now();
            return task;
        })).map(task -> task == null ? null : publish(task));
    }

    /** Ends a task FAILED with a stable code. */
    public Uni<TaskSnapshot> fail(String id, String code, String message) {
        return change(id, task -> !task.status.terminal(), task -> {
            task.status = TaskStatus.FAILED;
            task.errorCode = code;
            task.errorMessage = message;
            task.creditsCharged = 0;
            task.upstreamKey = null;
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

    /** Ids of tasks that have not ended, created before {@code before}, oldest first. */
    public Uni<List<String>> unfinished(Instant before, int limit) {
        return Panache.withSession(() -> repository.unfinishedIds(before, limit));
    }

    /** What following a task upstream needs, key decrypted; null when the task is gone. */
    public Uni<Tracked> tracked(String id) {
        return Panache.withSession(() -> repository.findById(id)).map(task -> task == null ? null
                : new Tracked(task.id, task.status, task.upstreamTaskId, readKey(task), task.upstreamKey != null,
                        task.upstreamRequest, task.leaderTaskId, task.model, task.numImages, task.createdAt,
                        task.lastStatusAt == null ? task.createdAt : task.lastStatusAt));
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

    /** A task as its tracker sees it. {@code statusKnownAt} is when the upstream last answered about it. */
    public record Tracked(String id, TaskStatus status, String upstreamTaskId, String apiKey, boolean keyStored,
            String upstreamRequest, String leaderTaskId, String model, int numImages, Instant createdAt,
            Instant statusKnownAt) {
    }

    private Uni<TaskSnapshot> change(String id, Predicate<Task> when, Consumer<Task> edit) {
        return Panache.withTransaction(() -> repository.findById(id).map(task -> {
            if (task == null || !when.test(task)) {
                return null;
            }
            edit.accept(task);
            task.updatedAt = now();
            return task;
        })).map(task -> task == null ? null : publish(task));
    }

    private TaskSnapshot publish(TaskSnapshot snapshot) {
        changed.fire(new TaskChanged(snapshot));
        return snapshot;
    }

    /** Publishes a committed change; a task that ended is also announced to the gateway (the result cache). */
    private TaskSnapshot publish(Task task) {
        TaskSnapshot snapshot = publish(TaskSnapshot.of(task));
        if (task.status.terminal()) {
            ended.fire(new TaskEnded(snapshot, task.fingerprint == null ? null
                    : new CacheMark(task.fingerprint, task.cacheScope, task.cachePolicy), task.leaderTaskId));
        }
        return snapshot;
    }

    static Instant now() {
        // PostgreSQL keeps microseconds: truncating here keeps cursors and reads equal to what was written.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

}
