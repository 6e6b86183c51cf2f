package one.apiin.gateway.error;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.graphql.api.ErrorCode;

/** {@code RATE_LIMITED}: the upstream answered 429. */
@ErrorCode("RATE_LIMITED")
@RegisterForReflection(methods = true)
public class RateLimitedException extends GatewayException {

    private final Integer retryAfterSeconds;

    public RateLimitedException(String message, Integer retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Map<String, Object> extensions() {
        return retryAfterSeconds == null ? Map.of() : Map.of("retryAfterSeconds", retryAfterSeconds);
    }

    /** Seconds the caller should wait, when known; served as {@code extensions.retryAfterSeconds}. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String code() {
        return "RATE_LIMITED";
    }
}
