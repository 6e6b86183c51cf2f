package one.apiin.gateway.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.KeyVault;
import one.apiin.gateway.support.Echo;
import one.apiin.gateway.task.TaskWrites.Change;
import one.apiin.gateway.upstream.UpstreamTask;

/**
 * A task and the upstream: its creation calls (each recorded before it is made, at most one at a time), what their
 * answers, the upstream's callback and its status answers make of it, and the task as its tracker reads it. Each
 * change is computed by {@link TaskTransitions} and written by {@link TaskWrites}; on the hot path (the first call's
 * acceptance, each status answer) on the row already read, without reading it again.
 */
@ApplicationScoped
public class TaskAttempts {

    private static final Logger LOG = Logger.getLogger(TaskAttempts.class);

    private final TaskRepository repository;
    private final KeyVault vault;
    private final TaskWrites writes;

    TaskAttempts(TaskRepository repository, KeyVault vault, TaskWrites writes) {
        this.repository = repository;
        this.vault = vault;
        this.writes = writes;
    }

    /**
     * Records that a creation call is about to be made. False when it must not be: an attempt is under way (or its
     * outcome was never learned), the upstream already accepted the task, or it ended. Atomic in PostgreSQL, so at
     * most one replica makes a call for a task at a time, with or without Redis.
     */
    public Uni<Boolean> startAttempt(String id) {
        return repository.startAttempt(id, TaskWrites.now());
    }

    /** The attempt is known to have created nothing (or its unknown outcome may be retried): another may be made. */
    public Uni<Void> attemptEnded(String id) {
        return repository.attemptEnded(id);
    }

    /**
     * The upstream accepted the task: from now on it is RUNNING and followed under its upstream id. An id is stored
     * only where none is (a second one would orphan a billed generation): then, and for an ended task, null.
     */
    public Uni<TaskSnapshot> accepted(String id, UpstreamTask upstream) {
        return writes.change(id, task -> {
            if (task.upstreamTaskId != null && !task.upstreamTaskId.equals(upstream.taskId())) {
                LOG.warnf("Task %s already has an upstream task; a second upstream id was dropped", id);
                return Change.NONE;
            }
            if (task.status.terminal()) {
                return keepLateUpstreamId(task, upstream);
            }
            TaskTransitions.accept(task, upstream, TaskWrites.now());
            return Change.SHOWN;
        });
    }

    /**
     * The upstream's callback names the generation made for a task whose creation answer never told (a timeout, a
     * proxy's 504, an unreadable 2xx): the task is followed under that id from now on, RUNNING, and charged as any.
     * Null, writing nothing, when the task already has an upstream id or shares another's generation; a task that
     * ended meanwhile keeps the id (see {@link #keepLateUpstreamId}).
     */
    public Uni<TaskSnapshot> acceptedFromCallback(String id, UpstreamTask upstream) {
        return writes.change(id, task -> {
            if (task.upstreamTaskId != null || task.leaderTaskId != null || task.submitAttempts == 0) {
                return Change.NONE;
            }
            if (task.status.terminal()) {
                return keepLateUpstreamId(task, upstream);
            }
            LOG.infof("Task %s: the upstream's callback names the generation its creation answer did not (upstream task"
                    + " %s); following it", id, Echo.printable(upstream.taskId(), 80));
            TaskTransitions.accept(task, upstream, TaskWrites.now());
            return Change.SHOWN;
        });
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
        return writes.change(id, task -> !task.status.terminal() && task.upstreamTaskId == null,
                task -> task.upstreamRaw = TaskWrites.capped(raw));
    }

    /**
     * Ends FAILED a task whose creation outcome is not known, unless the upstream's id reached it meanwhile (a
     * callback, or the answer itself): a task being followed is never failed for an answer that did not come.
     */
    public Uni<TaskSnapshot> failUnaccepted(String id, String code, String message, String upstreamRaw) {
        return writes.change(id, task -> !task.status.terminal() && task.upstreamTaskId == null, task -> {
            TaskTransitions.fail(task, code, message);
            if (upstreamRaw != null) {
                task.upstreamRaw = TaskWrites.capped(upstreamRaw);
            }
        });
    }

    /**
     * The upstream's answer to the creation call already carried the images (a model that answers at once): the task
     * ends with it, billed, in one change, its upstream id kept where there is one.
     */
    public Uni<TaskSnapshot> endedAtCreation(String id, UpstreamTask upstream, List<TaskImage> images) {
        return writes.change(id, task -> !task.status.terminal(), task -> {
            if (task.upstreamTaskId == null) {
                task.upstreamTaskId = upstream.taskId();
            }
            task.attemptStartedAt = null;
            task.upstreamRaw = TaskWrites.capped(upstream.raw());
            int perImage = task.creditsPerImage != null ? task.creditsPerImage : 0;
            TaskTransitions.apply(task, upstream, perImage, images);
            task.imagesPendingSince = TaskTransitions.imagesPending(TaskImages.read(task.images)) ? TaskWrites.now() : null;
        });
    }

    /**
     * An upstream id that arrives for a task already ended (a scan settled it meanwhile) is kept on it, never dropped:
     * the upstream may bill that generation, and the operator can then find it. Logged once, when it is kept. Written
     * without telling subscribers: what the task shows does not change.
     */
    private static Change keepLateUpstreamId(Task task, UpstreamTask upstream) {
        if (task.upstreamTaskId != null || upstream.taskId() == null) {
            return Change.NONE;
        }
        task.upstreamTaskId = upstream.taskId();
        task.upstreamRaw = TaskWrites.capped(upstream.raw());
        LOG.warnf("Task %s had ended when the upstream accepted it (upstream task %s): the id is kept on it; the "
                + "upstream may bill that generation", task.id, Echo.printable(upstream.taskId(), 80));
        return Change.SILENT;
    }

    /**
     * {@link #accepted} for a task as it was stored (the first call of the replica that stored it): one conditional
     * UPDATE of the stored version, and the new state computed from the stored one rather than read back. Falls back
     * to {@link #accepted} when the row changed since (a reservation made, a concurrent change).
     */
    public Uni<TaskSnapshot> acceptedAsStored(TaskSnapshot stored, UpstreamTask upstream) {
        Task task = stored.asStored();
        List<Object> before = TaskState.read(task);
        TaskTransitions.accept(task, upstream, TaskWrites.now());
        return writes.write(task, before).chain(written -> written ? Uni.createFrom().item(writes.publish(task))
                : accepted(stored.id(), upstream));
    }

    /**
     * Applies one status answer to the task as the tracker's tick read it; completes with null when it changed nothing
     * the Task shows (subscribers are not told). The change is written in one statement (with the budget it settles,
     * in one transaction), conditional on the row being unchanged since that read; a row that changed meanwhile is
     * read again, locked, and the answer applied to it as it is now.
     */
    public Uni<TaskSnapshot> observed(Tracked tracked, UpstreamTask upstream, int catalogCreditsPerImage,
            List<TaskImage> images) {
        Task task = tracked.row();
        List<Object> before = TaskState.read(task);
        Observation observation = observe(task, upstream, catalogCreditsPerImage, images, TaskWrites.now());
        if (observation == null) {
            return Uni.createFrom().nullItem();
        }
        return writes.write(task, before).chain(written -> {
            if (!written) {
                return observed(tracked.id(), upstream, catalogCreditsPerImage, images);
            }
            return Uni.createFrom().item(observation.shows() ? writes.publish(task) : null);
        });
    }

    /** Applies one status answer in a transaction of its own, reading the task first. */
    private Uni<TaskSnapshot> observed(String id, UpstreamTask upstream, int catalogCreditsPerImage,
            List<TaskImage> images) {
        return writes.change(id, task -> {
            Observation observation = observe(task, upstream, catalogCreditsPerImage, images, TaskWrites.now());
            return observation == null ? Change.NONE
                    : observation.shows() ? Change.SHOWN : Change.SILENT;
        });
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
        String raw = TaskWrites.capped(upstream.raw());
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

    /** What following a task upstream needs, key decrypted; null when the task is gone. */
    public Uni<Tracked> tracked(String id) {
        return repository.findById(id).map(task -> task == null ? null
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

    /** How often an unchanged status answer is still written down (as the time the upstream last answered). */
    static final Duration STATUS_HEARTBEAT = Duration.ofMinutes(1);

    private Uni<TaskSnapshot> find(String id) {
        return repository.findById(id).map(task -> task == null ? null : TaskSnapshot.of(task));
    }
}
