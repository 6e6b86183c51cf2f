package one.apiin.gateway.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Failures injected through the control API, independent of the prompt. In memory and per process:
 * with several simulator processes each one must be configured.
 */
@ApplicationScoped
class FailureInjector {

    private final FailureSlot creates = new FailureSlot();
    private final FailureSlot polls = new FailureSlot();
    /** The next creates answered late: how many, and how late. */
    private final AtomicReference<CreateDelay> createDelays = new AtomicReference<>();
    /** Tasks the upstream does not know yet (sim:poll404): how many of their polls are still to answer 404. */
    private final Map<String, AtomicInteger> notKnownYet = new ConcurrentHashMap<>();

    /** Body of {@code POST /simulator/control/create-delays}: the next {@code count} creates answer after {@code millis}. */
    @RegisterForReflection
    record CreateDelay(@JsonProperty("millis") long millis, @JsonProperty("count") int count) {
    }

    FailureRule injectCreateFailures(FailureRule rule, long nowMillis) {
        FailureRule validated = rule.validated();
        creates.set(validated, nowMillis);
        return validated;
    }

    FailureRule injectPollFailures(FailureRule rule, long nowMillis) {
        FailureRule validated = rule.validated();
        polls.set(validated, nowMillis);
        return validated;
    }

    CreateDelay delayCreates(CreateDelay delay) {
        if (delay == null || delay.millis() < 0 || delay.millis() > PromptMarkers.MAX_CREATE_DELAY_MILLIS
                || delay.count() < 0) {
            throw SimulatorException.badRequest("millis must be between 0 and "
                    + PromptMarkers.MAX_CREATE_DELAY_MILLIS + ", count not negative");
        }
        createDelays.set(delay);
        return delay;
    }

    /** How late this create is to answer (0: at once), counting it against the injected delays. */
    long createDelayMillis() {
        CreateDelay delay = createDelays.getAndUpdate(current -> current == null || current.count() <= 1 ? null
                : new CreateDelay(current.millis(), current.count() - 1));
        return delay == null || delay.count() == 0 ? 0 : delay.millis();
    }

    void failCreateIfInjected(long nowMillis) {
        creates.failIfDue(nowMillis);
    }

    void failPollIfInjected(long nowMillis) {
        polls.failIfDue(nowMillis);
    }

    /** The task's next {@code polls} status polls answer 404 (bounded, so a long drill cannot fill the memory). */
    void notKnownFor(String taskId, int polls) {
        if (polls > 0 && notKnownYet.size() < SimulatorStats.MAX_TRACKED_TASKS) {
            notKnownYet.put(taskId, new AtomicInteger(polls));
        }
    }

    /** Throws 404 while the task is not known yet, counting this poll. */
    void failPollIfNotKnownYet(String taskId) {
        AtomicInteger left = notKnownYet.get(taskId);
        if (left == null) {
            return;
        }
        if (left.decrementAndGet() <= 0) {
            notKnownYet.remove(taskId);
        }
        throw SimulatorException.of(404, null);
    }

    void reset() {
        creates.clear();
        polls.clear();
        createDelays.set(null);
        notKnownYet.clear();
    }
}
