package one.apiin.gateway.error;

import java.util.Map;

/**
 * A failure whose message is written for the person calling the API. Subclasses carry the contract's
 * {@code extensions.code} through {@code @ErrorCode}. These are expected outcomes: they capture no stack
 * trace, and nothing of the gateway's internals travels with them.
 */
public abstract class GatewayException extends RuntimeException {

    protected GatewayException(String message) {
        // An expected outcome, not a bug: no stack trace to capture (cheaper, and nothing internal travels with it).
        super(message, null, false, false);
    }

    /** The contract's {@code extensions.code}. */
    public abstract String code();

    /** The error's other {@code extensions}, only those that apply (none by default). */
    public Map<String, Object> extensions() {
        return Map.of();
    }
}
