package one.apiin.gateway.support;

import java.util.regex.Pattern;

/**
 * Keys taken out of text the gateway passes on (an upstream's error message, an echo, a log line): anything key-like,
 * {@code aio_…}, {@code gk_…}, {@code Bearer …} or a JWT, is replaced, whoever's it is. An upstream that quotes the key
 * it refused would otherwise show the operator's key to end users.
 */
public final class Redact {

    static final String REDACTED = "[redacted]";

    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern KEY = Pattern.compile("(?i)\\b(aio|gk)_[A-Za-z0-9._~+/=-]+");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private Redact() {
    }

    /** The text with every key-like word replaced; null stays null. */
    public static String keys(String text) {
        if (text == null) {
            return null;
        }
        String redacted = BEARER.matcher(text).replaceAll("Bearer " + REDACTED);
        redacted = KEY.matcher(redacted).replaceAll("$1_" + REDACTED);
        return JWT.matcher(redacted).replaceAll(REDACTED);
    }
}
