package one.apiin.gateway.upstream;

import java.util.regex.Pattern;

/**
 * The upstream refused a creation (nothing was created) saying that the model itself is not served: unknown, not
 * found, no longer available. Never raised for an outcome that is unknown, nor for other refusals (a bad parameter,
 * credits, keys).
 *
 * @param upstreamModel the model id as sent upstream
 * @param status the HTTP status of the refusal
 */
public record ModelUnavailable(String upstreamModel, int status) {

    private static final Pattern GONE = Pattern.compile("(?i)\\bmodel\\b.*\\b(not (found|available|supported|exist"
            + "|served)|does ?n[o']t exist|unavailable|unknown|unsupported|invalid|deprecated|retired|discontinued"
            + "|no longer|shut ?down|removed)|\\b(unknown|unsupported|invalid|deprecated|retired|discontinued) model\\b");

    /** Whether a refusal says the model is gone: a 400, 404, 410 or 422 whose message names the model as not served. */
    static boolean says(UpstreamError error) {
        int status = error.httpStatus();
        return (status == 400 || status == 404 || status == 410 || status == 422) && error.message() != null
                && GONE.matcher(error.message()).find();
    }
}
