package one.apiin.gateway.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Test profiles shared by several test classes. Quarkus builds one application per profile before the first test runs
 * (~12 s each) and starts it once more when its classes run, so tests whose settings differ only in what the other
 * tests of the group never look at share one. Each setting below names the class that needs it and why the others in
 * its group do not notice it; a setting other tests would notice (a cap they reach, a limit, a timeout they may hit,
 * a feature they use turned off) stays in a profile of its own.
 */
public final class SharedProfiles {

    private SharedProfiles() {
    }

    /**
     * Settings an operator opts into (or, for the playground, out of), each needed by one class and met by none of the
     * others: none of them reads the access log but {@code RefusedCredentialLogTest}, sends an Origin header but
     * {@code CorsTest}, needs a public address but {@code ReferenceImagesTest}, or asks for the playground (its absence
     * is {@code PlaygroundDisabledTest}'s); and the three others make no generation, so the upstream's callbacks (the
     * public address's other use) never start for them.
     * <ul>
     * <li>the access log (QUARKUS_HTTP_ACCESS_LOG_ENABLED), for {@code RefusedCredentialLogTest}: lines on a logger of
     * their own, at INFO;</li>
     * <li>one more CORS origin, {@link #CORS_ORIGIN} (GATEWAY_CORS_ORIGINS), for {@code CorsTest}: the others send no
     * Origin header, and are answered as before;</li>
     * <li>a public address (GATEWAY_PUBLIC_URL: the gateway itself), for {@code ReferenceImagesTest}: the base of its
     * own image URLs, and the upstream's callbacks for its generations;</li>
     * <li>the playground off (production's default), for {@code PlaygroundDisabledTest}: only {@code /} and
     * {@code /playground/} change.</li>
     * </ul>
     */
    public static class OptIns implements QuarkusTestProfile {

        /** The one origin listed besides the gateway's own. */
        public static final String CORS_ORIGIN = "https://app.example.com";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.access-log.enabled", "true",
                    "gateway.cors.origins", CORS_ORIGIN,
                    "gateway.public-url", "builtin",
                    "gateway.playground.enabled", "false", "%test.gateway.playground.enabled", "false");
        }
    }

    /**
     * Low subscription caps, traces sampled, no image store: each needed by one class or two, and met by no other.
     * <ul>
     * <li>websocket and subscription caps set low (GATEWAY_LIMITS_*), for {@code WebsocketCapsTest} and, two
     * connections per key, {@code ServerSentEventsTest}: each of its event streams is a connection of its own holding
     * one subscription, and the other caps (subscriptions per connection, message size, connection_init timeout) are
     * a websocket's, which it never opens; {@code TracesTest} and {@code NoStoreTest} neither subscribe nor open a
     * websocket;</li>
     * <li>every trace sampled (as when OTEL_EXPORTER_OTLP_ENDPOINT is set), for {@code TracesTest}: spans, which no
     * other class here reads, nor their export's log lines;</li>
     * <li>no image store (GATEWAY_IMAGES_STORE=none), for {@code NoStoreTest}: none of the others looks at a task's
     * images, only at its status, its subscriptions and its spans (the task's own PostgreSQL rows are written
     * either way).</li>
     * </ul>
     */
    public static class LowCapsSampledNoStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.limits.subscriptions-per-connection", "3",
                    "gateway.limits.connections-per-key", "2",
                    "gateway.limits.websocket-message-size", "4096",
                    "gateway.limits.connection-init-timeout", "1s",
                    "quarkus.otel.traces.sampler", "always_on",
                    "gateway.images.store", "none");
        }
    }
}
