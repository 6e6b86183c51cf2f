package one.apiin.gateway.dialects.openai;

import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

import one.apiin.gateway.dialects.Refusal;
import one.apiin.gateway.dialects.Vocabulary;

/**
 * Failures in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, with the statuses its SDKs expect:
 * spent credits are 429 {@code insufficient_quota}, as OpenAI answers a spent quota.
 */
final class OpenAiErrors {

    /** The gateway's input fields by OpenAI's names. */
    static final Vocabulary WORDS = new Vocabulary(Map.of("numImages", "n", "aspectRatio", "size", "options",
            "quality", "negativePrompt", "negative_prompt", "idempotencyKey", "Idempotency-Key"));

    private static final Map<String, Integer> STATUSES;
    static {
        Map<String, Integer> statuses = new HashMap<>(Refusal.STATUSES);
        statuses.put("INSUFFICIENT_CREDITS", 429);
        STATUSES = Map.copyOf(statuses);
    }

    private static final Map<String, String[]> TYPES = Map.of(
            "BAD_USER_INPUT", new String[] { "invalid_request_error", null },
            "UNAUTHENTICATED", new String[] { "invalid_request_error", "invalid_api_key" },
            "INSUFFICIENT_CREDITS", new String[] { "insufficient_quota", "insufficient_quota" },
            "NOT_FOUND", new String[] { "invalid_request_error", "not_found" },
            "RATE_LIMITED", new String[] { "requests", "rate_limit_exceeded" },
            "UPSTREAM_UNAVAILABLE", new String[] { "server_error", "upstream_unavailable" },
            "INTERNAL", new String[] { "server_error", null });

    @RegisterForReflection
    record Body(Error error) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Error(String message, String type, String param, String code,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("task_id") String taskId) {
    }

    private OpenAiErrors() {
    }

    static Response of(Throwable failure) {
        Refusal refusal = Refusal.of(failure, WORDS, STATUSES);
        String[] type = TYPES.getOrDefault(refusal.code(), new String[] { "invalid_request_error", null });
        Response.ResponseBuilder response = response(refusal.status(),
                new Error(refusal.message(), type[0], refusal.field(), type[1], null));
        if (refusal.retryAfterSeconds() != null) {
            response.header("Retry-After", refusal.retryAfterSeconds());
        }
        return response.build();
    }

    /** A generation that ended FAILED: a contract code keeps its status, an upstream failure is 502. */
    static Response failed(String taskId, String code, String message) {
        if (STATUSES.containsKey(code)) {
            String[] type = TYPES.get(code);
            return response(STATUSES.get(code), new Error(message, type[0], null, type[1], taskId)).build();
        }
        return response(502, new Error(message, "server_error", null, code.toLowerCase(java.util.Locale.ROOT), taskId))
                .build();
    }

    /** The wait ran out: the generation goes on, and the caller is told where to find it. */
    static Response timedOut(String taskId, long seconds) {
        return response(504, new Error("The generation did not end within " + seconds + " s; it goes on as task "
                + taskId + ": GET /api/v1/tasks/" + taskId + " tells its end.", "server_error", null, "timeout",
                taskId)).build();
    }

    static Response modelNotFound(String model) {
        return response(404, new Error("The model " + model + " does not exist", "invalid_request_error", "model",
                "model_not_found", null)).build();
    }

    private static Response.ResponseBuilder response(int status, Error error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Body(error));
    }
}
