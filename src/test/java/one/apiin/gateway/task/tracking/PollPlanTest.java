package one.apiin.gateway.task.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Polls placed by a learned generation time: for 4, 8 and 20 s generations the end is seen at most 250 ms late (plus
 * the poll's own time), with no more polls than the fixed backoff made (3, 5 and 7: issue 12's measurements).
 */
class PollPlanTest {

    static final Duration MAX = Duration.ofSeconds(5);
    static final long POLL_TAKES = 30;

    record Run(int polls, long lateMillis) {
    }

    /** Polls a generation that ends at {@code endsAt} ms by the plan; each poll takes {@code POLL_TAKES} ms. */
    static Run run(PollPlan plan, long endsAt) {
        long now = 0;
        int polls = 0;
        while (true) {
            now += plan.next(Duration.ofMillis(now)).toMillis();
            polls++;
            if (now >= endsAt) {
                return new Run(polls, now + POLL_TAKES - endsAt);
            }
            now += POLL_TAKES;
        }
    }

    @Test
    void aLearnedTimeIsSeenEndingWithinAQuarterSecondAndNoMorePollsThanBefore() {
        long[][] cases = { { 4_000, 3 }, { 8_000, 5 }, { 20_000, 7 } };
        for (long[] c : cases) {
            // The learned mean carries the half-poll uncertainty of how it was measured.
            PollPlan plan = new PollPlan(Duration.ofMillis(c[0] + 60), Duration.ofMillis(80), MAX);
            for (long jitter : new long[] { -120, -40, 0, 40, 120 }) {
                Run run = run(plan, c[0] + jitter);
                assertThat(run.lateMillis()).as("%d ms ending %+d", c[0], jitter).isLessThanOrEqualTo(250 + POLL_TAKES);
                assertThat(run.polls()).as("%d ms ending %+d", c[0], jitter).isLessThanOrEqualTo((int) c[1]);
            }
        }
    }

    @Test
    void aWrongEstimateCostsNoMoreThanTheLongestWait() {
        PollPlan plan = new PollPlan(Duration.ofSeconds(20), Duration.ofSeconds(1), MAX);
        assertThat(run(plan, 4_000).lateMillis()).isLessThanOrEqualTo(MAX.toMillis() + POLL_TAKES);
        assertThat(run(plan, 60_000).lateMillis()).isLessThanOrEqualTo(MAX.toMillis() + POLL_TAKES);
        PollPlan early = new PollPlan(Duration.ofSeconds(2), Duration.ofMillis(100), MAX);
        assertThat(run(early, 12_000).lateMillis()).isLessThanOrEqualTo(MAX.toMillis() + POLL_TAKES);
    }

    @Test
    void aWideSpreadPollsEveryHalfSecondThroughItsWindow() {
        PollPlan plan = new PollPlan(Duration.ofSeconds(6), Duration.ofSeconds(1), MAX);
        assertThat(plan.next(Duration.ofMillis(4_000))).isEqualTo(Duration.ofMillis(500));
        assertThat(plan.next(Duration.ofMillis(7_500))).isEqualTo(Duration.ofMillis(500));
        assertThat(plan.next(Duration.ofMillis(0))).isEqualTo(Duration.ofMillis(4_000));
    }

    /**
     * Polls a generation that ends at {@code endsAt} ms and reports a linear progress in whole percents (as the
     * simulator does), the first poll at {@code firstPoll}; each poll takes {@code POLL_TAKES} ms.
     */
    static Run runWithProgress(PollPlan plan, long firstPoll, long endsAt) {
        long now = firstPoll;
        PollPlan.Progress progress = null;
        int polls = 0;
        while (true) {
            polls++;
            if (now >= endsAt) {
                return new Run(polls, now + POLL_TAKES - endsAt);
            }
            progress = new PollPlan.Progress(Duration.ofMillis(now), (int) (now * 100 / endsAt));
            now += POLL_TAKES;
            now += plan.next(Duration.ofMillis(now), progress).toMillis();
        }
    }

    @Test
    void aShiftToLongerGenerationsIsFollowedByTheTaskProgress() {
        // Learned on many 2 s generations; then 8 s and 20 s ones (issue 20: at most 5 and 7 polls, p90 1.5 s late).
        PollPlan learned = new PollPlan(Duration.ofMillis(2_000), Duration.ofMillis(100), MAX);
        long firstPoll = learned.next(Duration.ZERO).toMillis();
        for (long[] c : new long[][] { { 8_000, 5 }, { 20_000, 7 } }) {
            for (long jitter : new long[] { -300, -100, 0, 100, 300 }) {
                Run run = runWithProgress(learned, firstPoll, c[0] + jitter);
                assertThat(run.lateMillis()).as("%d ms ending %+d", c[0], jitter).isLessThanOrEqualTo(500);
                assertThat(run.polls()).as("%d ms ending %+d", c[0], jitter).isLessThanOrEqualTo((int) c[1]);
            }
        }
    }

    @Test
    void aShiftToShorterGenerationsIsFollowedFromTheFirstPoll() {
        // Learned on 20 s generations; a 2 s one reports 50 % at the first poll (1 s) and is seen ending on time.
        PollPlan learned = new PollPlan(Duration.ofMillis(20_000), Duration.ofMillis(500), MAX);
        for (long endsAt : new long[] { 2_000, 4_000, 8_000 }) {
            Run run = runWithProgress(learned, 1_000, endsAt);
            assertThat(run.lateMillis()).as("%d ms", endsAt).isLessThanOrEqualTo(500);
            assertThat(run.polls()).as("%d ms", endsAt).isLessThanOrEqualTo(5);
        }
    }

    @Test
    void aProgressTooSmallOrCompleteLeavesTheLearnedPlan() {
        PollPlan plan = new PollPlan(Duration.ofSeconds(6), Duration.ofSeconds(1), MAX);
        Duration elapsed = Duration.ofMillis(4_000);
        assertThat(plan.next(elapsed, new PollPlan.Progress(Duration.ofMillis(100), 1))).isEqualTo(plan.next(elapsed));
        assertThat(plan.next(elapsed, new PollPlan.Progress(elapsed, 100))).isEqualTo(plan.next(elapsed));
        assertThat(plan.next(elapsed, null)).isEqualTo(plan.next(elapsed));
    }
}
