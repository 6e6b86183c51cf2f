package one.apiin.gateway.task.tracking;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "gateway")
public interface CallbackConfig {

    /**
     * Where the upstream can reach this service for its task-end callbacks (e.g. {@code https://gateway.example.com});
     * unset: no callbacks, the trackers poll only. {@code builtin} means this process's own address (tests).
     */
    Optional<String> publicUrl();
}
