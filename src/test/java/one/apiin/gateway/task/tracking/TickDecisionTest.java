package one.apiin.gateway.task.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.task.TaskService.Tracked;
import one.apiin.gateway.task.TaskStatus;
import one.apiin.gateway.upstream.UpstreamConfig;

/** What a tracker tick does with a task, decided from the task, the lease and the time alone. */
class TickDecisionTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    private static final TickDecision.Rules RULES = new TickDecision.Rules(Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofMinutes(10), Duration.ofSeconds(20));

    private static Tracked task(TaskStatus status, String upstreamId, String key, boolean keyStored, String leader,
            Instant attemptStartedAt) {
        return new Tracked("tsk_1", status, upstreamId, key, keyStored, "{}", leader, "imagen4", CREATED, CREATED,
                attemptStartedAt, null);
    }

    private static TickDecision at(Tracked tracked, boolean leaseHeld, long secondsAfterCreation) {
        return TickDecision.decide(tracked, leaseHeld, CREATED.plusSeconds(secondsAfterCreation), RULES);
    }

    @Test
    void anEndedOrMissingTaskIsNoLongerFollowed() {
        assertThat(at(null, true, 1)).isInstanceOf(TickDecision.Stop.class);
        assertThat(at(task(TaskStatus.SUCCEEDED, "up", "aio_k", true, null, null), true, 1))
                .isInstanceOf(TickDecision.Stop.class);
    }

    @Test
    void anAcceptedTaskIsPolledAndPolledOnceMoreAtItsDeadline() {
        Tracked running = task(TaskStatus.RUNNING, "up", "aio_k", true, null, CREATED);
        assertThat(at(running, false, 5)).isInstanceOf(TickDecision.Poll.class);
        assertThat(at(running, true, 1801)).isEqualTo(new TickDecision.LastPoll(true));
        assertThat(at(task(TaskStatus.QUEUED, null, "aio_k", true, null, null), true, 1801))
                .isEqualTo(new TickDecision.LastPoll(false));
    }

    @Test
    void aSharedGenerationIsFollowed() {
        assertThat(at(task(TaskStatus.RUNNING, null, null, false, "tsk_leader", null), true, 5))
                .isInstanceOf(TickDecision.Follow.class);
    }

    @Test
    void aKeyOfAnotherSecretIsLeftToOthersForItsGraceThenFails() {
        Tracked foreign = task(TaskStatus.RUNNING, "up", null, true, null, CREATED);
        assertThat(at(foreign, true, 60)).isInstanceOf(TickDecision.LeaveToOthers.class);
        // Past the task deadline first: here the grace is longer than the deadline, so a shorter deadline decides.
        TickDecision.Rules shortGrace = new TickDecision.Rules(Duration.ofHours(2), Duration.ofMinutes(1),
                Duration.ofMinutes(10), Duration.ofSeconds(20));
        TickDecision late = TickDecision.decide(foreign, true, CREATED.plusSeconds(61), shortGrace);
        assertThat(late).isInstanceOf(TickDecision.Fail.class);
        assertThat(((TickDecision.Fail) late).code()).isEqualTo("INTERNAL");
        assertThat(((TickDecision.Fail) late).warning()).contains("another GATEWAY_SECRET");
        assertThat(at(task(TaskStatus.RUNNING, "up", null, false, null, CREATED), true, 5))
                .isEqualTo(new TickDecision.Fail("INTERNAL", "The gateway lost what it needed to follow this task.",
                        null));
    }

    @Test
    void aRecordedCallIsWaitedForThenItsWordIsGivenUpOn() {
        Tracked calling = task(TaskStatus.QUEUED, null, "aio_k", true, null, CREATED.plusSeconds(10));
        assertThat(at(calling, true, 29)).isInstanceOf(TickDecision.Wait.class);
        assertThat(at(calling, true, 31)).isInstanceOf(TickDecision.NoWordCame.class);
    }

    @Test
    void onlyAReplicaThatKnowsItHoldsTheLeaseSubmitsUntilTheSubmitDeadline() {
        Tracked queued = task(TaskStatus.QUEUED, null, "aio_k", true, null, null);
        assertThat(at(queued, true, 5)).isInstanceOf(TickDecision.Submit.class);
        assertThat(at(queued, false, 5)).isInstanceOf(TickDecision.Wait.class);
        TickDecision late = at(queued, true, 601);
        assertThat(late).isInstanceOf(TickDecision.Fail.class);
        assertThat(((TickDecision.Fail) late).code()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(((TickDecision.Fail) late).message()).contains("10 minutes");
    }

    @Test
    void withCallbacksARecordedCallIsWaitedForAsLongAsTheUpstreamMayNameIt() {
        TrackingConfig tracking = config(TrackingConfig.class, Map.of("leaseTime", Duration.ofSeconds(10),
                "unknownOutcomeWait", Duration.ofMinutes(5), "taskDeadline", Duration.ofMinutes(30),
                "foreignSecretGrace", Duration.ofHours(1), "submitDeadline", Duration.ofMinutes(10)));
        UpstreamConfig upstream = config(UpstreamConfig.class, Map.of("requestTimeout", Duration.ofSeconds(10)));

        assertThat(TickDecision.Rules.of(tracking, upstream, true).attemptWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(TickDecision.Rules.of(tracking, upstream, false).attemptWait()).isEqualTo(Duration.ofSeconds(20));
    }

    /** A configuration of the given values, by method name. */
    private static <T> T config(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> values.get(method.getName())));
    }
}
