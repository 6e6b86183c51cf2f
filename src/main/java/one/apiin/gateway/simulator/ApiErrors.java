package one.apiin.gateway.simulator;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The upstream error shape: {@code {"error":{"code":401,"message":"…","type":"…"}}}. */
final class ApiErrors {

    @RegisterForReflection
    record ErrorBody(ErrorDetail error) {
    }

    @RegisterForReflection
    record ErrorDetail(int code, String message, String type) {
    }

    private ApiErrors() {
    }

    static Response response(int status, String message, Integer retryAfterSeconds) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(new ErrorDetail(status, message, type(status))));
        if (retryAfterSeconds != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        }
        return builder.build();
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "Invalid API key";
            case 402 -> "Insufficient credits";
            case 403 -> "Forbidden";
            case 404 -> "Task not found";
            case 429 -> "Rate limit exceeded";
            case 503 -> "Service temporarily unavailable";
            default -> status >= 500 ? "Internal server error" : "Request failed";
        };
    }

    static String type(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "insufficient_credits_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 503 -> "service_unavailable_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
