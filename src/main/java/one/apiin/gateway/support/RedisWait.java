package one.apiin.gateway.support;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.groups.UniOnTimeout;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * How long a Redis call may take, timed on the event loop that handles its answer. Mutiny's own timer runs on a
 * thread of its own: on a replica whose event loops are busy (a burst of misses on two cores), it could fire while
 * the answer, arrived in time, waited behind the loop's other work, and the call counted as failed (a lookup that
 * sends a repeat on to pay again, a result not kept; {@code RedisWaitTest}). On the caller's event loop
 * the timer waits its turn like the answer does: an answer that arrived in time is handled first (a loop reads its
 * sockets and takes the tasks already queued before the timers that came due meanwhile), and only a Redis that did
 * not answer within the wait fails the call. Off an event loop, Mutiny's timer is used.
 */
public final class RedisWait {

    private RedisWait() {
    }

    /** {@code call}, failing with Mutiny's {@code TimeoutException} when Redis has not answered within {@code wait}. */
    public static <T> Uni<T> within(Duration wait, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            UniOnTimeout<T> timeout = call.ifNoItem().after(wait);
            ScheduledExecutorService loop = callersLoop();
            return (loop == null ? timeout : timeout.on(loop)).fail();
        });
    }

    private static ScheduledExecutorService callersLoop() {
        Context context = Vertx.currentContext();
        return context instanceof ContextInternal internal && context.isEventLoopContext()
                && Context.isOnEventLoopThread() ? internal.nettyEventLoop() : null;
    }
}
