package one.apiin.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Reads bearer credentials from {@code Authorization} values and hashes keys. */
public final class ApiKeys {

    static final String PASS_THROUGH_PREFIX = "aio_";
    static final String GATEWAY_KEY_PREFIX = "gk_";
    private static final String BEARER = "bearer ";
    private static final int MAX_LENGTH = 8192;

    private ApiKeys() {
    }

    /** The credential in {@code Bearer …}, when the header has that form. */
    public static Optional<String> fromAuthorization(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String credential = header.substring(BEARER.length()).trim();
        return credential.isEmpty() || credential.length() > MAX_LENGTH ? Optional.empty() : Optional.of(credential);
    }

    static boolean isPassThrough(String credential) {
        return credential.startsWith(PASS_THROUGH_PREFIX) && credential.length() > PASS_THROUGH_PREFIX.length()
                && credential.length() <= 512;
    }

    static boolean isGatewayKey(String credential) {
        return credential.startsWith(GATEWAY_KEY_PREFIX);
    }

    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /**
     * An owner as a part of a Redis key: an owner that is already a SHA-256 (an {@code aio_} key's) stays; any other
     * (a token's {@code iss|sub}, a gateway key's owner) is hashed, so that keys stay short and free of separators.
     */
    public static String ownerKey(String owner) {
        return HASH.matcher(owner).matches() ? owner : sha256Hex(owner);
    }

    public static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
