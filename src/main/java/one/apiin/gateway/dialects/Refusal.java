package one.apiin.gateway.dialects;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import one.apiin.gateway.error.Failures;
import one.apiin.gateway.error.GatewayException;
import one.apiin.gateway.error.RateLimitedException;

/**
 * A failure as a REST door answers it: the HTTP status of its contract code, its message in the dialect's words, the
 * field it names (the first broken rule's) and the seconds to wait where they apply. The dialect only shapes it.
 */
public record Refusal(int status, String code, String message, String field, Integer retryAfterSeconds) {

    private static final Logger LOG = Logger.getLogger(Refusal.class);

    /** The HTTP status of each contract code, as API in One answers them. */
    public static final Map<String, Integer> STATUSES = Map.of("BAD_USER_INPUT", 400, "UNAUTHENTICATED", 401,
            "INSUFFICIENT_CREDITS", 402, "NOT_FOUND", 404, "RATE_LIMITED", 429, "UPSTREAM_UNAVAILABLE", 503,
            "INTERNAL", 500);

    public static Refusal of(Throwable failure, Vocabulary words, Map<String, Integer> statuses) {
        GatewayException error = Failures.toClientError(failure);
        int status = statuses.getOrDefault(error.code(), 400);
        if (status < 500) {
            // A client's mistake or a limit it met: not the server's error.
            LOG.debugf("Refused with %s: %s", error.code(), error.getMessage());
        }
        Integer retryAfter = error instanceof RateLimitedException limited ? limited.retryAfterSeconds() : null;
        return new Refusal(status, error.code(), words.message(error.getMessage()), words.field(field(error)),
                retryAfter);
    }

    private static String field(GatewayException error) {
        Object fields = error.extensions().get("fields");
        if (fields instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first) {
            return String.valueOf(first.get("field"));
        }
        return null;
    }
}
