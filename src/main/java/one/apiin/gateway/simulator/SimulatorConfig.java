package one.apiin.gateway.simulator;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the built-in upstream simulator. */
@ConfigMapping(prefix = "gateway.simulator")
public interface SimulatorConfig {

    /**
     * How long every simulated generation takes, unless a prompt carries {@code sim:duration=<millis>}; unset: each
     * model's typical time in the catalog ({@code typicalSeconds}), {@link #unknownModelDuration()} for others.
     */
    Optional<Duration> duration();

    /** How long a simulated generation of a model the catalog gives no typical time takes. */
    @WithDefault("3s")
    Duration unknownModelDuration();

    /** Serve the control API where the simulator is served (only where it is the upstream in use); unset: yes. */
    Optional<Boolean> controlEnabled();
}
