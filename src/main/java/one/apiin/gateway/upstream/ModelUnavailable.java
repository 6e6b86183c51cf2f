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

    private static final Pattern GONE = Pattern.compile("(?i)\\bmodel\\b[^.;]{0,80}?\\b(not (found|available|supported|exist"
            + "|served)|does ?n[o']t exist|unavailable|unknown|unsupported|invalid|deprecated|retired|discontinued"
            + "|no longer|shut ?down|removed)|\\b(unknown|unsupported|invalid|deprecated|retired|discontinued) model\\b");

    /** A refusal about what was asked of the model, not about the model: never taken for its end. */
    private static final Pattern ABOUT_INPUT = Pattern.compile("(?i)\\b(parameters?|options?|fields?|values?|arguments?"
            + "|quality|style|size|resolution|aspect|ratio|prompt|images?|urls?)\\b");

    /** Whether a refusal says the model is gone: a 400, 404, 410 or 422 whose message names the model as not served. */
    static boolean says(UpstreamError error) {
        int status = error.httpStatus();
        String message = error.message();
        return (status == 400 || status == 404 || status == 410 || status == 422) && message != null
                && GONE.matcher(message).find() && !ABOUT_INPUT.matcher(message).find();
    }
}
