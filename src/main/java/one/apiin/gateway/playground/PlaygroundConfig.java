package one.apiin.gateway.playground;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The playground page at {@code /} on the public port. */
@ConfigMapping(prefix = "gateway.playground")
public interface PlaygroundConfig {

    /** Serve the playground at {@code /} (on in dev mode and tests; opt-in in production); off: 404. */
    @WithDefault("false")
    boolean enabled();
}
