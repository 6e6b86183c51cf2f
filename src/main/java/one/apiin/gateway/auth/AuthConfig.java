package one.apiin.gateway.auth;

import java.time.Duration;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.auth")
public interface AuthConfig {

    /**
     * The accepted credentials, comma-separated ({@code GATEWAY_AUTH_MODES}): {@code jwt}, {@code gateway-key},
     * {@code pass-through}.
     */
    @WithDefault("pass-through")
    Set<AuthMode> modes();

    /** The value of a JWT's {@code groups} claim that makes its holder an admin. */
    @WithDefault("gateway-admin")
    String adminGroup();

    /**
     * How often each replica checks that the gateway keys behind its open subscriptions are still valid; a revoked
     * or expired key's subscriptions end within this time.
     */
    @WithDefault("10s")
    Duration revocationCheckInterval();
}
