package one.apiin.gateway.graphql.guard;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "gateway.cors")
public interface CorsConfig {

    /**
     * Origins of the browser apps that may call the gateway from another origin (e.g. {@code https://app.example.com}),
     * comma-separated. Unset: none (same origin only). When set, websocket upgrades from other origins are refused.
     */
    Optional<List<String>> origins();
}
