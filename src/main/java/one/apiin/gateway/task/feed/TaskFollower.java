package one.apiin.gateway.task.feed;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import one.apiin.gateway.support.Sink;
import one.apiin.gateway.task.TaskSnapshot;

/**
 * This replica's one follower of a task, shared by all of its subscriptions here: it holds the newest version known
 * (from the first read, the task's Redis channel, this replica's own changes, and the periodic re-read), and gives
 * each subscription the current state first, then every later version once, in order, then completion after
 * SUCCEEDED or FAILED. Changes that arrive while the first read is under way are kept: the newest version wins.
 */
final class TaskFollower {

    /** One subscription: its owner (checked against the task) and what it was last given. */
    static final class Subscription {
        final Sink<TaskSnapshot> emitter;
        final String owner;
        final RuntimeException whenMissing;
        TaskSnapshot last;
        TaskFollower follower;

        Subscription(Sink<TaskSnapshot> emitter, String owner, RuntimeException whenMissing) {
            this.emitter = emitter;
            this.owner = owner;
            this.whenMissing = whenMissing;
        }
    }

    final String taskId;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private TaskSnapshot latest;
    private boolean read;
    private boolean closed;
    long resyncTimer = -1;

    TaskFollower(String taskId) {
        this.taskId = taskId;
    }

    /** Adds a subscription, given the current state at once when known; false when this follower has closed. */
    synchronized boolean add(Subscription subscription) {
        if (closed) {
            return false;
        }
        subscription.follower = this;
        subscriptions.add(subscription);
        if (read) {
            deliver(subscription, latest);
        }
        return true;
    }

    /** Removes a subscription; true when it was the last, and the follower is now closed. */
    synchronized boolean removeAndCloseIfEmpty(Subscription subscription) {
        subscriptions.remove(subscription);
        if (subscriptions.isEmpty() && !closed) {
            closed = true;
            return true;
        }
        return false;
    }

    int size() {
        return subscriptions.size();
    }

    /**
     * The first read (or a re-read) answered: null when the task does not exist. Every subscription is then brought to
     * the newest version known, whichever came first: the read, or a change that arrived while it was under way.
     */
    synchronized void read(TaskSnapshot snapshot) {
        read = true;
        if (snapshot != null && (latest == null || snapshot.version() > latest.version())) {
            latest = snapshot;
        }
        TaskSnapshot current = latest;
        subscriptions.forEach(subscription -> deliver(subscription, current));
    }

    /** A version from anywhere; an older one than known is ignored. */
    synchronized void changed(TaskSnapshot snapshot) {
        if (latest != null && snapshot.version() <= latest.version()) {
            return;
        }
        latest = snapshot;
        if (read) {
            subscriptions.forEach(subscription -> deliver(subscription, snapshot));
        }
    }

    /**
     * Gives a subscription a later version that shows something new. Versions also move on writes the Task does not
     * show, which would otherwise repeat a state to the subscriber.
     */
    private void deliver(Subscription subscription, TaskSnapshot snapshot) {
        if (subscription.emitter.isCancelled()) {
            return;
        }
        if (snapshot == null || !snapshot.ownerHash().equals(subscription.owner)) {
            subscriptions.remove(subscription);
            subscription.emitter.fail(subscription.whenMissing);
            return;
        }
        TaskSnapshot last = subscription.last;
        if (last != null && (snapshot.version() <= last.version() || snapshot.showsSameAs(last))) {
            return;
        }
        subscription.last = snapshot;
        subscription.emitter.emit(snapshot);
        if (snapshot.terminal()) {
            subscriptions.remove(subscription);
            subscription.emitter.complete();
        }
    }
}
