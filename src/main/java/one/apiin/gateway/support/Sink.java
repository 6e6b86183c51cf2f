package one.apiin.gateway.support;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

import io.smallrye.mutiny.Multi;

/**
 * A stream of one subscriber, fed from callbacks: what Mutiny's {@code Multi.createFrom().emitter(...)} does for a
 * subscription that sees a handful of items in its life, without the two queues of 256 slots (2 KiB) that emitter
 * allocates for each subscriber before its first item. On a replica holding thousands of live subscriptions that was
 * a fifth of each one's heap.
 *
 * <p>
 * Items wait here only while the subscriber has not asked for them (a small queue, made when first needed); the
 * end (completion or failure) follows the items given before it. Each subscription to the {@link Multi} runs the source
 * again, with a sink of its own, as Mutiny's emitter does. Calls may come from any thread; the subscriber is
 * signalled by one at a time.
 */
public final class Sink<T> implements Flow.Subscription {

    /** A cold stream: {@code source} gets a new sink for every subscriber. */
    public static <T> Multi<T> multi(Consumer<Sink<T>> source) {
        return Multi.createFrom().publisher(subscriber -> {
            Sink<T> sink = new Sink<>(subscriber);
            subscriber.onSubscribe(sink);
            try {
                source.accept(sink);
            } catch (RuntimeException e) {
                sink.fail(e);
            }
        });
    }

    private final Flow.Subscriber<? super T> downstream;
    private ArrayDeque<T> pending;
    private long requested;
    private boolean ending;
    private Throwable failure;
    private boolean emitting;
    private boolean ended;
    private volatile boolean cancelled;
    private Runnable onTermination;
    private boolean terminated;

    private Sink(Flow.Subscriber<? super T> downstream) {
        this.downstream = downstream;
    }

    public void emit(T item) {
        synchronized (this) {
            if (ending || cancelled) {
                return;
            }
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.add(item);
        }
        drain();
    }

    public void complete() {
        end(null);
    }

    public void fail(Throwable reason) {
        end(reason);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs once the stream has ended: completed, failed, or cancelled by its subscriber. */
    public void onTermination(Runnable action) {
        boolean now;
        synchronized (this) {
            now = terminated;
            onTermination = action;
        }
        if (now) {
            action.run();
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("A subscriber must request a positive number of items, not " + n));
            return;
        }
        synchronized (this) {
            requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
        }
        drain();
    }

    @Override
    public void cancel() {
        synchronized (this) {
            cancelled = true;
            pending = null;
        }
        terminate();
    }

    private void end(Throwable reason) {
        synchronized (this) {
            if (ending || cancelled) {
                return;
            }
            ending = true;
            failure = reason;
        }
        drain();
    }

    /** Gives the subscriber what it asked for and may have, then the end once nothing is left before it. */
    private void drain() {
        synchronized (this) {
            if (emitting) {
                return; // the thread signalling now sees what was just added
            }
            emitting = true;
        }
        while (true) {
            T item = null;
            boolean end = false;
            synchronized (this) {
                if (cancelled || ended) {
                    emitting = false;
                    return;
                }
                boolean empty = pending == null || pending.isEmpty();
                if (!empty && requested > 0) {
                    item = pending.poll();
                    if (requested != Long.MAX_VALUE) {
                        requested--;
                    }
                } else if (empty && ending) {
                    ended = true;
                    end = true;
                } else {
                    emitting = false;
                    return;
                }
            }
            if (end) {
                try {
                    if (failure != null) {
                        downstream.onError(failure);
                    } else {
                        downstream.onComplete();
                    }
                } finally {
                    terminate();
                }
                return;
            }
            downstream.onNext(item);
        }
    }

    private void terminate() {
        Runnable action;
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
            action = onTermination;
        }
        if (action != null) {
            action.run();
        }
    }
}
