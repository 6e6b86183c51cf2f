package one.apiin.gateway.task.tracking;

import java.time.Duration;
import java.time.Instant;

import one.apiin.gateway.error.GatewayException;
import one.apiin.gateway.error.InternalException;
import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.error.UnauthenticatedException;
import one.apiin.gateway.error.UpstreamUnavailableException;

/**
 * What a failed status poll means for its task, decided from the failure and the task's times alone: poll again, or
 * end the task. Upstreams are forgiven what they do: not knowing a task yet shortly after accepting it (404, within
 * {@link TrackingConfig#notFoundGrace()}), refusing a key for a while (401/403 during a key rotation, within
 * {@link TrackingConfig#authGrace()}), and trouble that may pass (5xx, no answer, 429, an unreadable answer); all of
 * it until the status deadline.
 */
final class PollFailures {

    private PollFailures() {
    }

    /** How a task ends after a failed poll. */
    record Ending(String code, String message) {
    }

    /** The graces of {@link TrackingConfig} that apply. */
    record Graces(Duration notFound, Duration auth, Duration statusDeadline) {
        static Graces of(TrackingConfig config) {
            return new Graces(config.notFoundGrace(), config.authGrace(), config.statusDeadline());
        }
    }

    /**
     * The task's end, or null to poll again. {@code acceptedAround} is when the creation call the upstream accepted
     * started, {@code statusKnownAt} when the upstream last answered about the task, {@code refusedSince} since when
     * its key has been refused (null when it is not).
     */
    static Ending decide(Throwable failure, Instant now, Instant acceptedAround, Instant statusKnownAt,
            Instant refusedSince, Graces graces) {
        if (!forgiven(failure, now, acceptedAround, refusedSince, graces)) {
            return new Ending("UPSTREAM_FAILED", "The upstream stopped answering for this task: " + failure.getMessage());
        }
        if (now.isAfter(statusKnownAt.plus(graces.statusDeadline()))) {
            return new Ending("UPSTREAM_TIMEOUT", "The upstream status of this task could not be learned for "
                    + TickDecision.minutes(graces.statusDeadline()) + ".");
        }
        return null;
    }

    private static boolean forgiven(Throwable failure, Instant now, Instant acceptedAround, Instant refusedSince,
            Graces graces) {
        if (failure instanceof NotFoundException) {
            return within(now, acceptedAround, graces.notFound());
        }
        if (failure instanceof UnauthenticatedException) {
            return within(now, refusedSince == null ? now : refusedSince, graces.auth());
        }
        return transientTrouble(failure);
    }

    private static boolean within(Instant now, Instant since, Duration grace) {
        return !now.isAfter(since.plus(grace));
    }

    /**
     * Trouble worth waiting out (until the status deadline): the upstream unreachable, failing, rate limiting or
     * unreadable, and any failure of the gateway's own (a database hiccup). The rest are the upstream's refusals,
     * whose messages are written for people, and end the task unless a grace applies.
     */
    static boolean transientTrouble(Throwable failure) {
        return !(failure instanceof GatewayException) || failure instanceof UpstreamUnavailableException
                || failure instanceof RateLimitedException || failure instanceof InternalException;
    }
}
