package one.apiin.gateway.simulator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One injected failure setting (for creates or for polls); a new setting replaces the previous one. */
final class FailureSlot {

    private record Active(FailureRule rule, AtomicInteger remaining, long untilMillis) {

        boolean fires(long nowMillis) {
            if (remaining != null) {
                return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            }
            return nowMillis < untilMillis;
        }
    }

    private final AtomicReference<Active> active = new AtomicReference<>();

    void set(FailureRule rule, long nowMillis) {
        active.set(rule.seconds() != null
                ? new Active(rule, null, nowMillis + rule.seconds() * 1000L)
                : new Active(rule, new AtomicInteger(rule.count()), Long.MAX_VALUE));
    }

    void clear() {
        active.set(null);
    }

    /** Throws the injected error if this call is one that should fail. */
    void failIfDue(long nowMillis) {
        Active current = active.get();
        if (current != null && current.fires(nowMillis)) {
            throw SimulatorException.of(current.rule().status(), current.rule().retryAfterHeader());
        }
    }
}
