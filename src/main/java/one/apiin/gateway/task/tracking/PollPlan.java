package one.apiin.gateway.task.tracking;

import java.time.Duration;

/**
 * When to poll a task whose generation is expected to take {@code expected} (± {@code spread}): rarely before the
 * likely end, densely through it, then backing off. The window is {@code expected ± max(2 × spread, 250 ms)}, polled
 * every {@code clamp(window / 2, 250 ms, 500 ms)}; before it, one poll half-way (for progress, and early failures)
 * when the window opens after 5 s; after it, waits that grow with the time past it. No wait exceeds {@code max}, so
 * a wrong estimate costs at most what fixed polling did.
 * <p>
 * Once the upstream has reported a progress, the end it implies replaces the learned time
 * ({@link #next(Duration, Progress)}): a workload whose generation times shift is followed by the task itself, not
 * by the average of the tasks before it.
 */
record PollPlan(Duration expected, Duration spread, Duration max) {

    static final long MIN_HALF_WINDOW = 250;
    static final long MIN_DENSE = 250;
    static final long MAX_DENSE = 500;
    static final long MIDWAY_AFTER = 5_000;
    /** Below this, a reported progress says too little about the end (and some upstreams report 1 % at once). */
    static final int MIN_PERCENT = 3;
    /** Progress is rarely exactly linear: the end it implies is trusted to within this share of it. */
    static final double NONLINEARITY = 0.01;
    /** A window this wide is narrowed first by a poll three quarters of the way to it (its progress says more). */
    static final long REFINE_ABOVE = 500;

    /** The upstream's last reported progress of the task: {@code percent} (0..100), {@code at} after its creation. */
    record Progress(Duration at, int percent) {
    }

    /** How long to wait for the next poll, {@code elapsed} after the task was created. */
    Duration next(Duration elapsed) {
        return wait(elapsed.toMillis(), expected.toMillis(), spread.toMillis(), false);
    }

    /**
     * The same, knowing the upstream's last progress report: a progress of {@code p} % at {@code t} puts the end at
     * {@code t × 100 / p} (reports are whole percents, so the end lies between {@code t × 100 / (p + 1)} and
     * {@code t × 100 / p}: that interval, widened by {@link #NONLINEARITY}, is the window). A wide window is first
     * narrowed by a refining poll rather than polled densely: each later report pins the end more closely.
     */
    Duration next(Duration elapsed, Progress progress) {
        if (progress == null || progress.percent() < MIN_PERCENT || progress.percent() >= 100
                || progress.at().toMillis() <= 0) {
            return next(elapsed);
        }
        double at = progress.at().toMillis();
        double latest = at * 100 / progress.percent();
        double earliest = at * 100 / (progress.percent() + 1);
        double end = (latest + earliest) / 2;
        long spreadMillis = Math.round((latest - earliest) / 2 + NONLINEARITY * end);
        return wait(elapsed.toMillis(), Math.round(end), spreadMillis, true);
    }

    private Duration wait(long now, long expectedMillis, long spreadMillis, boolean refine) {
        // A learned spread is a mean deviation (the window is twice it); a progress's is a bound already.
        long half = Math.max(refine ? spreadMillis : 2 * spreadMillis, MIN_HALF_WINDOW);
        long opens = expectedMillis - half;
        long closes = expectedMillis + half;
        long dense = Math.max(MIN_DENSE, Math.min(MAX_DENSE, half / 2));
        long wait;
        if (now < opens - dense / 2) {
            if (refine) {
                wait = half > REFINE_ABOVE ? Math.max(dense, (expectedMillis - now) * 3 / 4) : opens - now;
                wait = Math.min(wait, opens - now);
            } else {
                long midway = opens / 2;
                wait = opens > MIDWAY_AFTER && now < midway - dense / 2 ? midway - now : opens - now;
            }
        } else if (now < closes) {
            wait = dense;
        } else {
            wait = Math.max(dense, (now - closes) / 2);
        }
        return Duration.ofMillis(Math.max(1, Math.min(wait, max.toMillis())));
    }
}
