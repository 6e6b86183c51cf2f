package one.apiin.gateway.error;

import org.jboss.logging.Logger;

/** Turns anything that is not a {@link GatewayException} into an INTERNAL error that says nothing of internals. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static Throwable toClientError(Throwable failure) {
        if (failure instanceof GatewayException) {
            return failure;
        }
        // Only the chain of exception classes is logged: messages may quote SQL or upstream bodies.
        LOG.errorf("Unexpected failure: %s", causeChain(failure));
        return new InternalException("The gateway could not complete this request. Please try again.");
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
