package one.apiin.gateway.support;

/**
 * When to tell the operator that a dependency went away and came back: one line when an outage starts, one when it
 * is over, whatever happens in between. A dependency that is slow rather than down fails some calls and answers
 * others, so its calls alternate between failure and success many times a second: an outage lasts from its first
 * failure until the dependency has answered for {@link #SETTLE_MILLIS} without failing. Pure (the caller gives the
 * time), not thread-safe: callers serialise.
 */
public final class OutageLog {

    /** How long a dependency must answer without failing before its outage counts as over. */
    public static final long SETTLE_MILLIS = 10_000;

    private boolean open;
    private long lastFailureMillis;
    private long failures;

    /** A call failed at {@code nowMillis}: true when this starts an outage (say so), false while one goes on. */
    public boolean failed(long nowMillis) {
        lastFailureMillis = nowMillis;
        failures++;
        if (open) {
            return false;
        }
        open = true;
        failures = 1;
        return true;
    }

    /** A call succeeded at {@code nowMillis}: true when this ends an outage (say so). */
    public boolean succeeded(long nowMillis) {
        if (!open || nowMillis - lastFailureMillis < SETTLE_MILLIS) {
            return false;
        }
        open = false;
        return true;
    }

    /** Whether an outage is going on (it started and is not over). */
    public boolean open() {
        return open;
    }

    /** Failed calls in the current (or the last) outage. */
    public long failures() {
        return failures;
    }
}
