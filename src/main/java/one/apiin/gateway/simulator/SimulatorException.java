package one.apiin.gateway.simulator;

/**
 * An upstream-style error answer; thrown anywhere in the simulator and turned into the error shape by
 * {@link SimulatorExceptionMapper}.
 */
final class SimulatorException extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    SimulatorException(int status, String message, Integer retryAfterSeconds) {
        // No stack trace: these are expected answers, not bugs.
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    SimulatorException(int status, String message) {
        this(status, message, null);
    }

    /** The error with the default message of its status. */
    static SimulatorException of(int status, Integer retryAfterSeconds) {
        return new SimulatorException(status, ApiErrors.defaultMessage(status), retryAfterSeconds);
    }

    static SimulatorException badRequest(String message) {
        return new SimulatorException(400, message);
    }

    int status() {
        return status;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
