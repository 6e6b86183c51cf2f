package one.apiin.gateway.task.feed;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.feed")
public interface FeedConfig {

    /** Redis pub/sub channel that carries every task change to every replica. */
    @WithDefault("image-gateway:task-changes")
    String channel();

    /**
     * Each subscription also re-reads its task this often: Redis pub/sub delivers at most once, so a change lost
     * in a reconnect still reaches the subscriber (late), and so does its completion.
     */
    @WithDefault("15s")
    Duration resyncInterval();
}
