package one.apiin.gateway.task.tracking;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.KeyVault;
import one.apiin.gateway.support.RedisChannels;
import one.apiin.gateway.support.SelfUrl;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.feed.FeedConfig;
import one.apiin.gateway.upstream.UpstreamResponses;
import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

/**
 * Upstream callbacks, taken as a hint and never as the truth: the callback URL carries the task id and an HMAC
 * of it; a valid call makes whichever replica tracks the task poll it now (told through Redis). A valid call that
 * names the upstream's task id gives it to a task that has none (its creation answer never came or could not be
 * read): only the upstream was given the URL, and the id is then only polled, with the task's own key.
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
    private final TaskService tasks;

    UpstreamCallbacks(CallbackConfig config, KeyVault vault,
            TaskTracker tracker, ReactiveRedisDataSource redis, FeedConfig feed, TaskService tasks) {
        this.tasks = tasks;
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

    /**
     * Checks the token in constant time; on success the upstream id the body names is given to the task if it has none,
     * then every replica is told to poll the task now.
     */
    Uni<Boolean> accept(String taskId, String token, String body) {
        if (taskId == null || !vault.verify("callback|" + taskId, token)) {
            return Uni.createFrom().item(false);
        }
        UpstreamTask named = upstreamTask(body);
        Uni<?> adopted = named == null ? Uni.createFrom().voidItem()
                : tasks.acceptedFromCallback(taskId, named).onFailure().invoke(failure -> LOG.debugf(
                        "Callback of task %s not applied (%s)", taskId, failure.getClass().getSimpleName()));
        return adopted.onFailure().recoverWithNull().map(ignored -> {
            tracker.pollNow(taskId);
            pubsub.publish(channel, taskId).subscribe().with(done -> {
            }, failure -> LOG.debugf("Callback hint not published (%s)", failure.getClass().getSimpleName()));
            return true;
        });
    }

    /** The upstream task a callback body names ({"task_id": …}); null when it names none the gateway can follow. */
    static UpstreamTask upstreamTask(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            return null;
        }
        try {
            UpstreamTask task = UpstreamResponses.parseTask(body);
            String id = task.taskId();
            return id == null || id.isBlank() || id.length() > TaskUpstream.UPSTREAM_ID_MAX ? null
                    : new UpstreamTask(id, UpstreamStatus.RUNNING, task.rawStatus(), null, List.of(), null, body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A callback body longer than this is not read: what it may name is short. */
    static final int MAX_BODY = 16 * 1024;
}
