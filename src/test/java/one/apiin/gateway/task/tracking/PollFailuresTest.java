package one.apiin.gateway.task.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.InsufficientCreditsException;
import one.apiin.gateway.error.InternalException;
import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.error.UnauthenticatedException;
import one.apiin.gateway.error.UpstreamUnavailableException;

/** Which failed polls a tracker forgives (for a grace, or until the status deadline) and which end the task at once. */
class PollFailuresTest {

    private static final Instant ACCEPTED = Instant.parse("2026-01-01T00:00:00Z");
    private static final PollFailures.Graces GRACES = new PollFailures.Graces(Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofMinutes(15));

    private static PollFailures.Ending decide(Throwable failure, long secondsAfterAcceptance, Instant refusedSince) {
        return PollFailures.decide(failure, ACCEPTED.plusSeconds(secondsAfterAcceptance), ACCEPTED, ACCEPTED,
                refusedSince, GRACES);
    }

    @Test
    void outagesRateLimitsAndTheGatewaysOwnFailuresAreWaitedOut() {
        assertThat(PollFailures.transientTrouble(new UpstreamUnavailableException("down"))).isTrue();
        assertThat(PollFailures.transientTrouble(new RateLimitedException("slow down", 1))).isTrue();
        assertThat(PollFailures.transientTrouble(new InternalException("unreadable answer"))).isTrue();
        assertThat(PollFailures.transientTrouble(new IllegalStateException("a database hiccup"))).isTrue();
    }

    @Test
    void theUpstreamsRefusalsAreNotTransient() {
        assertThat(PollFailures.transientTrouble(new BadUserInputException("refused"))).isFalse();
        assertThat(PollFailures.transientTrouble(new UnauthenticatedException("bad key"))).isFalse();
        assertThat(PollFailures.transientTrouble(new InsufficientCreditsException("no credits"))).isFalse();
        assertThat(PollFailures.transientTrouble(new NotFoundException("forgotten"))).isFalse();
    }

    @Test
    void aTaskNotKnownYetShortlyAfterItsAcceptanceIsPolledAgain() {
        assertThat(decide(new NotFoundException("not known"), 1, null)).isNull();
        assertThat(decide(new NotFoundException("not known"), 30, null)).isNull();
        assertThat(decide(new NotFoundException("not known"), 31, null))
                .isEqualTo(new PollFailures.Ending("UPSTREAM_FAILED",
                        "The upstream stopped answering for this task: not known"));
    }

    @Test
    void aRefusedKeyIsForgivenForTheGraceOfARotation() {
        Instant refused = ACCEPTED.plusSeconds(100);
        assertThat(decide(new UnauthenticatedException("bad key"), 100, refused)).isNull();
        assertThat(decide(new UnauthenticatedException("bad key"), 160, refused)).isNull();
        assertThat(decide(new UnauthenticatedException("bad key"), 161, refused).code()).isEqualTo("UPSTREAM_FAILED");
    }

    @Test
    void serverErrorsAreRiddenOutUntilTheStatusDeadline() {
        assertThat(decide(new UpstreamUnavailableException("503"), 1, null)).isNull();
        assertThat(decide(new UpstreamUnavailableException("503"), 900, null)).isNull();
        assertThat(decide(new UpstreamUnavailableException("503"), 901, null).code()).isEqualTo("UPSTREAM_TIMEOUT");
    }

    @Test
    void refusalsWithoutAGraceEndTheTaskAtOnce() {
        assertThat(decide(new BadUserInputException("refused"), 1, null).code()).isEqualTo("UPSTREAM_FAILED");
        assertThat(decide(new InsufficientCreditsException("no credits"), 1, null).code()).isEqualTo("UPSTREAM_FAILED");
    }
}
