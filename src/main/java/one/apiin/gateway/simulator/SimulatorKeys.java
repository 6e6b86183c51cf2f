package one.apiin.gateway.simulator;

/** The upstream's key check: only the form {@code Bearer aio_…} is verified, never a real key. */
final class SimulatorKeys {

    private static final String PREFIX = "Bearer aio_";

    private SimulatorKeys() {
    }

    static void require(String authorization) {
        if (!isValid(authorization)) {
            throw SimulatorException.of(401, null);
        }
    }

    /** A well-formed key refused (the marker sim:401), quoted in the message as API in One was seen to do. */
    static SimulatorException refused(String authorization) {
        return new SimulatorException(401, "Invalid API key " + authorization.substring("Bearer ".length()));
    }

    static boolean isValid(String authorization) {
        if (authorization == null || !authorization.startsWith(PREFIX)) {
            return false;
        }
        String secret = authorization.substring(PREFIX.length());
        return !secret.isBlank() && secret.chars().noneMatch(Character::isWhitespace);
    }
}
