package one.apiin.gateway.error;

/**
 * A failure whose message is written for the person calling the API. Subclasses carry the contract's
 * {@code extensions.code} through {@code @ErrorCode}. No stack trace is captured: these are expected outcomes,
 * and nothing of the gateway's internals may travel with them.
 */
public abstract class GatewayException extends RuntimeException {

    protected GatewayException(String message) {
        super(message);
    }

    /** The contract's {@code extensions.code}. */
    public abstract String code();
}
