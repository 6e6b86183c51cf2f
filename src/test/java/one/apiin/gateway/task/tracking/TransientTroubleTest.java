package one.apiin.gateway.task.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.InsufficientCreditsException;
import one.apiin.gateway.error.InternalException;
import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.error.UnauthenticatedException;
import one.apiin.gateway.error.UpstreamUnavailableException;

/** Which failures a tracker waits out (until a deadline) and which end the task at once. */
class TransientTroubleTest {

    @Test
    void outagesRateLimitsAndTheGatewaysOwnFailuresAreWaitedOut() {
        assertThat(TaskTracker.transientTrouble(new UpstreamUnavailableException("down"))).isTrue();
        assertThat(TaskTracker.transientTrouble(new RateLimitedException("slow down", 1))).isTrue();
        assertThat(TaskTracker.transientTrouble(new InternalException("unreadable answer"))).isTrue();
        assertThat(TaskTracker.transientTrouble(new IllegalStateException("a database hiccup"))).isTrue();
    }

    @Test
    void theUpstreamsRefusalsEndTheTask() {
        assertThat(TaskTracker.transientTrouble(new BadUserInputException("refused"))).isFalse();
        assertThat(TaskTracker.transientTrouble(new UnauthenticatedException("bad key"))).isFalse();
        assertThat(TaskTracker.transientTrouble(new InsufficientCreditsException("no credits"))).isFalse();
        assertThat(TaskTracker.transientTrouble(new NotFoundException("forgotten"))).isFalse();
    }
}
