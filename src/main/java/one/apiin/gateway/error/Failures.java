package one.apiin.gateway.error;

import org.jboss.logging.Logger;

/** Turns anything that is not a {@link GatewayException} into an INTERNAL error that says nothing of internals. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);
    /** What a client is told of a failure the gateway did not expect. */
    public static final String INTERNAL_MESSAGE = "The gateway could not complete this request. Please try again.";

    private Failures() {
    }

    public static GatewayException toClientError(Throwable failure) {
        if (failure instanceof GatewayException gateway) {
            return gateway;
        }
        // Only the chain of exception classes is logged: messages may quote SQL or upstream bodies.
        LOG.errorf("Unexpected failure: %s", causeChain(failure));
        return new InternalException(INTERNAL_MESSAGE);
    }

    /** The classes of a failure and its causes: what may be logged of it (messages may quote SQL or bodies). */
    public static String causeChain(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null && chain.length() < 500; t = t.getCause()) {
            chain.append(chain.length() == 0 ? "" : " <- ").append(t.getClass().getName());
        }
        return chain.toString();
    }
}
