package one.apiin.gateway.task.tracking;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.StartupEvent;

import one.apiin.gateway.auth.KeyVault;
import one.apiin.gateway.support.RedisChannels;
import one.apiin.gateway.support.SelfUrl;
import one.apiin.gateway.task.feed.FeedConfig;

/**
 * Upstream callbacks, taken as a hint and never as the truth: the callback URL carries the task id and an HMAC
 * of it; a valid call makes whichever replica tracks the task poll it now (told through Redis).
 */
@ApplicationScoped
class UpstreamCallbacks {

    private static final Logger LOG = Logger.getLogger(UpstreamCallbacks.class);
    static final String PATH = "/callbacks/upstream/";

    private final Optional<String> publicUrl;
    private final KeyVault vault;
    private final TaskTracker tracker;
    private final ReactivePubSubCommands<String> pubsub;
    private final String channel;

    UpstreamCallbacks(CallbackConfig config, KeyVault vault,
            TaskTracker tracker, ReactiveRedisDataSource redis, FeedConfig feed) {
        this.publicUrl = config.publicUrl().map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        // "builtin" (tests) is resolved at each use: the port is known only once the server listens.
        this.vault = vault;
        this.tracker = tracker;
        this.pubsub = redis.pubsub(String.class);
        this.channel = feed.channel() + ":poll-now";
    }

    void listen(@Observes StartupEvent event) {
        RedisChannels.listen(pubsub, channel, tracker::pollNow);
    }

    /** The callback URL to give the upstream for a task, when GATEWAY_PUBLIC_URL is set. */
    Optional<String> urlFor(String taskId) {
        return publicUrl.map(base -> SelfUrl.resolve(base) + PATH + taskId + "?token="
                + URLEncoder.encode(token(taskId), StandardCharsets.UTF_8));
    }

    String token(String taskId) {
        return vault.sign("callback|" + taskId);
    }

    /** Checks the token in constant time; on success every replica is told to poll the task now. */
    boolean accept(String taskId, String token) {
        if (taskId == null || !vault.verify("callback|" + taskId, token)) {
            return false;
        }
        tracker.pollNow(taskId);
        pubsub.publish(channel, taskId).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("Callback hint not published (%s)", failure.getClass().getSimpleName()));
        return true;
    }
}
