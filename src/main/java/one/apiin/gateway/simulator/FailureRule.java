package one.apiin.gateway.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of the control API's failure injection: answer {@code status} for the next {@code count} calls
 * or for the next {@code seconds} seconds (count 1 when neither is given).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record FailureRule(@JsonProperty("status") Integer status,
        @JsonProperty("count") Integer count,
        @JsonProperty("seconds") Integer seconds,
        // Names pinned so a global Jackson naming strategy cannot change the control API.
        @JsonProperty("retryAfterSeconds") Integer retryAfterSeconds) {

    /** The rule with defaults applied; invalid rules are a 400 so a typo in a drill is noticed. */
    FailureRule validated() {
        if (status == null || status < 400 || status > 599) {
            throw SimulatorException.badRequest("status must be an HTTP error status between 400 and 599");
        }
        if (count != null && seconds != null) {
            throw SimulatorException.badRequest("give either count or seconds, not both");
        }
        if ((count != null && count < 0) || (seconds != null && seconds < 0)
                || (retryAfterSeconds != null && retryAfterSeconds < 0)) {
            throw SimulatorException.badRequest("count, seconds and retryAfterSeconds must not be negative");
        }
        return count == null && seconds == null ? new FailureRule(status, 1, null, retryAfterSeconds) : this;
    }

    /** Retry-After is only meaningful, and only sent, on 429 and 503. */
    Integer retryAfterHeader() {
        return status == 429 || status == 503 ? retryAfterSeconds : null;
    }
}
