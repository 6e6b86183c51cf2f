package one.apiin.gateway.dialects;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a dialect names the gateway's input fields, so that a refusal names what its caller sent ("num_images must be
 * between 1 and 4", not "numImages …"). Only whole words are renamed.
 */
public final class Vocabulary {

    private static final Pattern WORD = Pattern.compile("\\b[A-Za-z]+\\b");

    private final Map<String, String> names;

    public Vocabulary(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    /** The dialect's name of a gateway field; the field itself where the dialect has no other. */
    public String field(String gatewayField) {
        return gatewayField == null ? null : names.getOrDefault(gatewayField, gatewayField);
    }

    /** The message with the gateway's field names replaced by the dialect's. */
    public String message(String message) {
        Matcher word = WORD.matcher(message);
        StringBuilder out = new StringBuilder();
        while (word.find()) {
            word.appendReplacement(out, Matcher.quoteReplacement(names.getOrDefault(word.group(), word.group())));
        }
        return word.appendTail(out).toString();
    }
}
