package one.apiin.gateway.task.tracking;

import java.time.Duration;
import java.time.Instant;

import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * What one tracker tick does with a task, decided purely from the task as read, whether this replica knows it holds
 * the lease, and the time: the tracker then carries it out ({@link TaskTick}). Tested without Quarkus.
 */
sealed interface TickDecision {

    /** The task ended or is gone: stop following it. */
    record Stop() implements TickDecision {
    }

    /** Past its task deadline: one last poll where one can be made ({@code pollable}), then UPSTREAM_TIMEOUT. */
    record LastPoll(boolean pollable) implements TickDecision {
    }

    /** It shares another task's generation: mirror the leader. */
    record Follow() implements TickDecision {
    }

    /** Stored under another GATEWAY_SECRET, within the grace: leave it to a replica that can read it. */
    record LeaveToOthers() implements TickDecision {
    }

    /** It cannot go on: end it FAILED with this code and message; {@code warning} for the operator, or null. */
    record Fail(String code, String message, String warning) implements TickDecision {
    }

    /** The upstream accepted it: poll its status. */
    record Poll() implements TickDecision {
    }

    /** A creation call is under way, or its word is awaited: nothing to do yet. */
    record Wait() implements TickDecision {
    }

    /** A creation call was made and no word of it came within the wait: it ends (or is resubmitted, if opted into). */
    record NoWordCame() implements TickDecision {
    }

    /** It was never accepted and no call is under way: submit it (only a replica that knows it holds the lease). */
    record Submit() implements TickDecision {
    }

    /** The durations the decision weighs. {@code attemptWait}: how long a recorded creation call is waited for. */
    record Rules(Duration taskDeadline, Duration foreignSecretGrace, Duration submitDeadline, Duration attemptWait) {

        static Rules of(TrackingConfig config, UpstreamConfig upstream, boolean callbacks) {
            Duration longestCall = upstream.requestTimeout().plus(config.leaseTime());
            // With callbacks the upstream may still name the generation the call made: it is waited for that long.
            Duration attemptWait = callbacks && config.unknownOutcomeWait().compareTo(longestCall) > 0
                    ? config.unknownOutcomeWait()
                    : longestCall;
            return new Rules(config.taskDeadline(), config.foreignSecretGrace(), config.submitDeadline(), attemptWait);
        }
    }

    static TickDecision decide(TaskService.Tracked tracked, boolean leaseKnownHeld, Instant now, Rules rules) {
        if (tracked == null || tracked.status().terminal()) {
            return new Stop();
        }
        if (now.isAfter(tracked.createdAt().plus(rules.taskDeadline()))) {
            return new LastPoll(tracked.leaderTaskId() == null && tracked.apiKey() != null
                    && tracked.upstreamTaskId() != null);
        }
        if (tracked.leaderTaskId() != null) {
            return new Follow();
        }
        if (tracked.apiKey() == null && tracked.keyStored()) {
            return now.isBefore(tracked.createdAt().plus(rules.foreignSecretGrace())) ? new LeaveToOthers()
                    : new Fail("INTERNAL", "The gateway cannot follow this task any more (its stored key cannot be read)."
                            + " Please start it again.",
                            "it was stored under another GATEWAY_SECRET and no replica "
                                    + "followed it for " + minutes(rules.foreignSecretGrace()));
        }
        if (tracked.apiKey() == null) {
            return new Fail("INTERNAL", "The gateway lost what it needed to follow this task.", null);
        }
        if (tracked.upstreamTaskId() != null) {
            return new Poll();
        }
        if (tracked.attemptStartedAt() != null) {
            return now.isBefore(tracked.attemptStartedAt().plus(rules.attemptWait())) ? new Wait() : new NoWordCame();
        }
        if (!leaseKnownHeld) {
            // Without Redis another replica may hold the lease: only one that knows it does submits.
            return new Wait();
        }
        if (now.isAfter(tracked.createdAt().plus(rules.submitDeadline()))) {
            return new Fail("UPSTREAM_UNAVAILABLE", "The upstream could not be reached to start this task for "
                    + minutes(rules.submitDeadline()) + ".", null);
        }
        return new Submit();
    }

    static String minutes(Duration duration) {
        return duration.toSeconds() >= 60 ? duration.toMinutes() + " minutes" : duration.toSeconds() + " seconds";
    }
}
