package one.apiin.gateway.upstream;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.upstream")
public interface UpstreamConfig {

    /**
     * Base URL of the API in One REST API ({@code GATEWAY_UPSTREAM_URL}). {@code builtin} means this
     * service's own simulator at {@code /simulator}.
     */
    @WithDefault("https://apiin.one")
    String url();

    /**
     * The gateway's own API in One key ({@code GATEWAY_UPSTREAM_API_KEY}), used upstream for callers who come with a
     * JWT or a gateway key. Required when {@code GATEWAY_AUTH_MODES} has {@code jwt} or {@code gateway-key}.
     */
    Optional<String> apiKey();

    /** Longest wait for the upstream to answer one call. */
    @WithDefault("10s")
    Duration requestTimeout();

    /**
     * Longest wait for a connection to the upstream. Well below {@link #requestTimeout()}: a connection never made
     * proves that nothing was created, so the creation is tried again, where a call that times out as a whole leaves
     * its outcome unknown.
     */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long a creation is retried on network errors and 5xx before the mutation answers UPSTREAM_UNAVAILABLE. */
    @WithDefault("8s")
    Duration createRetryDeadline();

    /** First pause between creation retries; it doubles (with jitter) up to {@link #maxBackoff()}. */
    @WithDefault("250ms")
    Duration initialBackoff();

    /** Longest pause between creation retries. */
    @WithDefault("2s")
    Duration maxBackoff();

    /** Most time spent honouring 429 Retry-After before the mutation answers RATE_LIMITED. */
    @WithDefault("3s")
    Duration rateLimitMaxWait();

    /**
     * Make a creation whose outcome is unknown (no answer after the request went out, or a replica lost during the
     * call) again, at the risk of paying twice. Off: such a task ends FAILED UPSTREAM_OUTCOME_UNKNOWN.
     */
    @WithDefault("false")
    boolean resubmitUnknown();
}
