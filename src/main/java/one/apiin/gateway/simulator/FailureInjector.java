package one.apiin.gateway.simulator;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Failures injected through the control API, independent of the prompt. In memory and per process:
 * with several simulator processes each one must be configured.
 */
@ApplicationScoped
class FailureInjector {

    private final FailureSlot creates = new FailureSlot();
    private final FailureSlot polls = new FailureSlot();

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

    void failCreateIfInjected(long nowMillis) {
        creates.failIfDue(nowMillis);
    }

    void failPollIfInjected(long nowMillis) {
        polls.failIfDue(nowMillis);
    }

    void reset() {
        creates.clear();
        polls.clear();
    }
}
