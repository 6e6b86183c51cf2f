package one.apiin.gateway.webhooks;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Signed deliveries of a task's end to the caller's {@code callback_url} (the API in One dialect). */
@ConfigMapping(prefix = "gateway.webhooks")
public interface WebhooksConfig {

    /**
     * Also deliver to loopback, private and unique-local addresses (a callback receiver inside the operator's own
     * network, or tests); link-local addresses (cloud metadata services) are refused whatever this says.
     */
    @WithDefault("false")
    boolean allowPrivate();

    /** How long one delivery attempt may take (connecting, sending, the receiver's answer). */
    @WithDefault("10s")
    Duration timeout();

    /** Attempts per delivery before it is given up (each after a doubling pause: 5 s, 10 s, 20 s … up to the maximum). */
    @WithDefault("10")
    int maxAttempts();

    /** The pause after the first failed attempt; each further one doubles it. */
    @WithDefault("5s")
    Duration initialBackoff();

    /** The longest pause between two attempts. */
    @WithDefault("1h")
    Duration maxBackoff();

    /** How often each replica looks for deliveries that are due (those of tasks that ended elsewhere, retries). */
    @WithDefault("5s")
    Duration scanInterval();
}
