package one.apiin.gateway.task.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;

import one.apiin.gateway.task.TaskSnapshot;

/**
 * One subscription to one task: the current state first, then every later version once, in order, then
 * completion after SUCCEEDED or FAILED. It listens before it reads, and holds back what arrives while the
 * read is under way, so that no change between the read and the live stream is lost.
 */
final class TaskFollower {

    private final MultiEmitter<? super TaskSnapshot> emitter;
    private final List<TaskSnapshot> heldBack = new ArrayList<>();
    private boolean live;
    private TaskSnapshot last;

    private TaskFollower(MultiEmitter<? super TaskSnapshot> emitter) {
        this.emitter = emitter;
    }

    /**
     * @param read reads the task as stored now; null (or a failure) when the caller may not see it
     * @param whenMissing what the stream fails with then
     */
    static Multi<TaskSnapshot> follow(TaskFeed feed, String taskId, Supplier<Uni<TaskSnapshot>> read,
            RuntimeException whenMissing, Vertx vertx, Duration resync) {
        return Multi.createFrom().emitter(emitter -> {
            TaskFollower follower = new TaskFollower(emitter);
            Runnable stop = feed.listen(taskId, follower::changed);
            // Redis pub/sub delivers at most once: a change lost on the way (a reconnect) still arrives, late,
            // through a periodic re-read, and so does the completion.
            long timer = vertx.setPeriodic(resync.toMillis(), id -> read.get().subscribe()
                    .with(snapshot -> follower.changed(snapshot), failure -> {
                    }));
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                stop.run();
            });
            read.get().subscribe().with(snapshot -> {
                if (snapshot == null) {
                    emitter.fail(whenMissing);
                } else {
                    follower.started(snapshot);
                }
            }, emitter::fail);
        });
    }

    private synchronized void changed(TaskSnapshot snapshot) {
        if (snapshot == null) {
            return;
        }
        if (live) {
            emitIfNewer(snapshot);
        } else {
            heldBack.add(snapshot);
        }
    }

    private synchronized void started(TaskSnapshot current) {
        emitIfNewer(current);
        heldBack.sort(Comparator.comparingLong(TaskSnapshot::version));
        heldBack.forEach(this::emitIfNewer);
        heldBack.clear();
        live = true;
    }

    /**
     * Emits a later version that shows something new. Versions also move on writes the Task does not show (the
     * raw upstream answer of a poll), which a re-read would otherwise repeat to the subscriber.
     */
    private void emitIfNewer(TaskSnapshot snapshot) {
        if (last != null && (snapshot.version() <= last.version() || snapshot.showsSameAs(last))
                || emitter.isCancelled()) {
            return;
        }
        last = snapshot;
        emitter.emit(snapshot);
        if (snapshot.terminal()) {
            emitter.complete();
        }
    }
}
