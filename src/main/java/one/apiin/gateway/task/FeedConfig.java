package one.apiin.gateway.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.feed")
public interface FeedConfig {

    /** Redis pub/sub channel that carries every task change to every replica. */
    @WithDefault("image-gateway:task-changes")
    String channel();
}
