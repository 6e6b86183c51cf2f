package one.apiin.gateway.dialects.apiinone;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.runtime.annotations.RegisterForReflection;

import one.apiin.gateway.dialects.Refusal;
import one.apiin.gateway.dialects.Vocabulary;

/** Failures in API in One's shape: {@code {"error":{"code":400,"message":…,"type":…}}}, with its HTTP status. */
final class ApiInOneErrors {

    /** The gateway's input fields by API in One's names. */
    static final Vocabulary WORDS = new Vocabulary(Map.of("numImages", "num_images", "aspectRatio", "aspect_ratio",
            "negativePrompt", "negative_prompt", "idempotencyKey", "Idempotency-Key", "referenceImages",
            "reference_images"));

    private static final Map<String, String> TYPES = Map.of("BAD_USER_INPUT", "invalid_request_error",
            "UNAUTHENTICATED", "authentication_error", "INSUFFICIENT_CREDITS", "insufficient_credits", "NOT_FOUND",
            "not_found", "RATE_LIMITED", "rate_limit_exceeded", "UPSTREAM_UNAVAILABLE", "upstream_unavailable",
            "INTERNAL", "internal_error");

    @RegisterForReflection
    record Body(Error error) {
    }

    @RegisterForReflection
    record Error(int code, String message, String type) {
    }

    private ApiInOneErrors() {
    }

    static Response of(Throwable failure) {
        Refusal refusal = Refusal.of(failure, WORDS, Refusal.STATUSES);
        Response.ResponseBuilder response = Response.status(refusal.status()).type(MediaType.APPLICATION_JSON)
                .entity(new Body(new Error(refusal.status(), refusal.message(),
                        TYPES.getOrDefault(refusal.code(), "invalid_request_error"))));
        if (refusal.retryAfterSeconds() != null) {
            response.header("Retry-After", refusal.retryAfterSeconds());
        }
        if (refusal.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }
}
