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

    static boolean isValid(String authorization) {
        if (authorization == null || !authorization.startsWith(PREFIX)) {
            return false;
        }
        String secret = authorization.substring(PREFIX.length());
        return !secret.isBlank() && secret.chars().noneMatch(Character::isWhitespace);
    }
}
