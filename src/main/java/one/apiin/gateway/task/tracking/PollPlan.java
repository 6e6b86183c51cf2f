package one.apiin.gateway.task.tracking;

import java.time.Duration;

/**
 * When to poll a task whose generation is expected to take {@code expected} (± {@code spread}): rarely before the
 * likely end, densely through it, then backing off. The window is {@code expected ± max(2 × spread, 250 ms)}, polled
 * every {@code clamp(window / 2, 250 ms, 500 ms)}; before it, one poll half-way (for progress, and early failures)
 * when the window opens after 5 s; after it, waits that grow with the time past it. No wait exceeds {@code max}, so
 * a wrong estimate costs at most what fixed polling did.
 */
record PollPlan(Duration expected, Duration spread, Duration max) {

    static final long MIN_HALF_WINDOW = 250;
    static final long MIN_DENSE = 250;
    static final long MAX_DENSE = 500;
    static final long MIDWAY_AFTER = 5_000;

    /** How long to wait for the next poll, {@code elapsed} after the task was created. */
    Duration next(Duration elapsed) {
        long now = elapsed.toMillis();
        long half = Math.max(2 * spread.toMillis(), MIN_HALF_WINDOW);
        long opens = expected.toMillis() - half;
        long closes = expected.toMillis() + half;
        long dense = Math.max(MIN_DENSE, Math.min(MAX_DENSE, half / 2));
        long wait;
        if (now < opens - dense / 2) {
            long midway = opens / 2;
            wait = opens > MIDWAY_AFTER && now < midway - dense / 2 ? midway - now : opens - now;
        } else if (now < closes) {
            wait = dense;
        } else {
            wait = Math.max(dense, (now - closes) / 2);
        }
        return Duration.ofMillis(Math.max(1, Math.min(wait, max.toMillis())));
    }
}
