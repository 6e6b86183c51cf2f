package one.apiin.gateway.support;

/** Text received from outside (a client's input, an upstream's answer) said back on one line, bounded, keys redacted. */
public final class Echo {

    /** The most of a client's input an error message repeats. */
    public static final int LIMIT = 100;

    private Echo() {
    }

    /** A client's input said back in a message: quoted, at most {@value #LIMIT} characters. */
    public static String quoted(String text) {
        return "'" + printable(text, LIMIT) + "'";
    }

    /**
     * Text fit for one line: control characters replaced by spaces, keys redacted ({@link Redact}), at most {@code max}
     * characters.
     */
    public static String printable(String text, int max) {
        if (text == null) {
            return "(none)";
        }
        String redacted = Redact.keys(text);
        String cut = redacted.length() > max ? redacted.substring(0, max) + "…" : redacted;
        return cut.replaceAll("\\p{Cntrl}", " ");
    }
}
