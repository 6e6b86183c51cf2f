package one.apiin.gateway.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When to tell the operator that a dependency went away and came back: one line when an outage starts, one when it
 * is over, whatever happens in between. A dependency that is slow rather than down fails some calls and answers
 * others, so its calls alternate between failure and success many times a second: an outage lasts from its first
 * failure until the dependency has answered for the settle time without failing. Thread-safe without locks: called on
 * every call of a hot path.
 */
public final class OutageLog {

    private final long settleNanos;
    private final LongSupplier nanoClock;
    private final AtomicBoolean open = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastFailureNanos;

    /** @param settle how long the dependency must answer without failing before its outage counts as over */
    public OutageLog(Duration settle) {
        this(settle, System::nanoTime);
    }

    OutageLog(Duration settle, LongSupplier nanoClock) {
        this.settleNanos = settle.toNanos();
        this.nanoClock = nanoClock;
    }

    /** A call failed: true when this starts an outage (say so), false while one goes on. */
    public boolean failed() {
        lastFailureNanos = nanoClock.getAsLong();
        if (open.compareAndSet(false, true)) {
            failures.set(1);
            return true;
        }
        failures.incrementAndGet();
        return false;
    }

    /** A call succeeded: true when this ends an outage (say so). */
    public boolean succeeded() {
        return open.get() && nanoClock.getAsLong() - lastFailureNanos >= settleNanos && open.compareAndSet(true, false);
    }

    /** Whether an outage is going on (it started and is not over). */
    public boolean open() {
        return open.get();
    }

    /** Failed calls in the current (or the last) outage. */
    public long failures() {
        return failures.get();
    }
}
