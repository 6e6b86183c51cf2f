package one.apiin.gateway.upstream;

/**
 * An upstream error answer. httpStatus as received, message from the body when present (else a generic one),
 * retryAfterSeconds from the Retry-After header when parseable (delta-seconds or HTTP-date), else null.
 */
public record UpstreamError(int httpStatus, String message, Integer retryAfterSeconds) {
}
