package one.apiin.gateway.upstream;

import one.apiin.gateway.error.GatewayException;

/**
 * What one creation call tells about the upstream's books: whether a generation (a charge) was created. Only a
 * {@link NotCreated} may be tried again; the others are decisive.
 */
public sealed interface CreateOutcome {

    /** A 2xx with a task id: the upstream generates, and will bill it. */
    record Created(UpstreamTask task) implements CreateOutcome {
    }

    /**
     * A 2xx the gateway cannot use (not JSON, no task id): the upstream may well generate and bill, but the
     * gateway cannot follow it. {@code raw} is the body as received.
     */
    record Unreadable(String raw, String reason) implements CreateOutcome {
    }

    /**
     * Known not to have created anything: no connection was made, or the upstream answered a 4xx, or a 5xx in its own
     * error envelope. {@code error} carries the contract's code; {@code retryable} for trouble that may pass (5xx,
     * network, 429).
     */
    record NotCreated(GatewayException error, boolean retryable, Integer retryAfterSeconds) implements CreateOutcome {
    }

    /**
     * The request may have reached the upstream, and no answer tells what it did: a timeout or reset after sending, or
     * a proxy's error (502, 504, 524, a 5xx without the upstream's envelope) that may come after the task was created.
     */
    record Unknown(String reason) implements CreateOutcome {
    }
}
