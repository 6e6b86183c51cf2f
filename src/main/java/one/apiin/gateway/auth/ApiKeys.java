package one.apiin.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Reads API in One keys from {@code Authorization} values and hashes them. */
public final class ApiKeys {

    private static final String BEARER = "bearer ";
    private static final String KEY_PREFIX = "aio_";

    private ApiKeys() {
    }

    /** The key in {@code Bearer aio_…}, when the header has that form. */
    public static Optional<String> fromAuthorization(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String key = header.substring(BEARER.length()).trim();
        return key.startsWith(KEY_PREFIX) && key.length() > KEY_PREFIX.length() && key.length() <= 512
                ? Optional.of(key)
                : Optional.empty();
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
