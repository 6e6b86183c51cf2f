package one.apiin.gateway.task.feed;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.feed")
public interface FeedConfig {

    /**
     * Redis pub/sub channel name that task changes travel under, one channel per task ({@code <channel>:task:<id>}), so
     * that each replica receives only the changes of the tasks it follows; also the prefix of the gateway's other
     * channels ({@code :poll-now}, {@code :handover}).
     */
    @WithDefault("image-gateway:task-changes")
    String channel();

    /**
     * Each followed task is also re-read this often (once per task and replica, whatever the number of its
     * subscriptions): Redis pub/sub delivers at most once, so a change lost in a reconnect still reaches the
     * subscribers (late), and so does the completion.
     */
    @WithDefault("15s")
    Duration resyncInterval();

    /**
     * A publication Redis refuses (its connection pool busy under load, a reconnect) is tried again with backoff for
     * this long before the change is left to the re-reads above: under a burst, no change is dropped.
     */
    @WithDefault("10s")
    Duration publishRetryFor();
}
