package one.apiin.gateway.task.feed;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * One Redis channel per task ({@code <channel>:task:<id>}), so that a replica receives only the changes of the tasks
 * it watches, all on one dedicated connection: SUBSCRIBE when the first local follower of a task starts,
 * UNSUBSCRIBE when the last one stops. A lost connection is made again and every channel subscribed again (what
 * was missed meanwhile arrives through the followers' re-reads).
 */
final class TaskChannels {

    private static final Logger LOG = Logger.getLogger(TaskChannels.class);
    private static final Duration RECONNECT = Duration.ofMillis(500);

    private final Redis redis;
    private final String prefix;
    private final BiConsumer<String, String> onMessage;
    private final Map<String, AtomicInteger> joined = new ConcurrentHashMap<>();
    private volatile RedisConnection connection;
    private volatile boolean connecting;
    private volatile boolean closed;

    /** {@code onMessage} gets the task id and the message. */
    TaskChannels(Redis redis, String channel, BiConsumer<String, String> onMessage) {
        this.redis = redis;
        this.prefix = channel + ":task:";
        this.onMessage = onMessage;
    }

    String channelOf(String taskId) {
        return prefix + taskId;
    }

    void start() {
        connect();
    }

    void close() {
        closed = true;
        RedisConnection current = connection;
        if (current != null) {
            current.closeAndForget();
        }
    }

    /**
     * Starts receiving a task's changes (counted: each join needs its leave). Joins and leaves take turns, each with
     * its SUBSCRIBE or UNSUBSCRIBE: a leave that took the count to zero, overtaken by a join before it sent its
     * UNSUBSCRIBE, would otherwise unsubscribe the channel the join had just subscribed.
     */
    synchronized void join(String taskId) {
        if (joined.computeIfAbsent(taskId, id -> new AtomicInteger()).incrementAndGet() == 1) {
            send(Command.SUBSCRIBE, channelOf(taskId));
        }
    }

    synchronized void leave(String taskId) {
        boolean[] last = new boolean[1];
        joined.computeIfPresent(taskId, (id, count) -> {
            if (count.decrementAndGet() <= 0) {
                last[0] = true;
                return null;
            }
            return count;
        });
        if (last[0]) {
            send(Command.UNSUBSCRIBE, channelOf(taskId));
        }
    }

    /** Whether the channel connection is made (the tests wait for it). */
    boolean connected() {
        return connection != null;
    }

    /** Tasks whose channel this replica listens to. */
    int size() {
        return joined.size();
    }

    private void send(Command command, String channel) {
        RedisConnection current = connection;
        if (current != null) {
            current.send(Request.cmd(command).arg(channel)).subscribe().with(ignored -> {
            }, failure -> LOG.debugf("%s %s failed (%s)", command, channel, failure.getClass().getSimpleName()));
        }
        // Without a connection, the channel is subscribed when it is made (from the joined set).
    }

    private synchronized void connect() {
        if (closed || connecting) {
            return;
        }
        connecting = true;
        redis.connect().subscribe().with(made -> {
            made.handler(this::received);
            made.exceptionHandler(failure -> lost(made, failure));
            made.endHandler(() -> lost(made, null));
            connection = made;
            connecting = false;
            String[] channels = joined.keySet().stream().map(this::channelOf).toArray(String[]::new);
            if (channels.length > 0) {
                Request request = Request.cmd(Command.SUBSCRIBE);
                for (String channel : channels) {
                    request.arg(channel);
                }
                made.send(request).subscribe().with(ignored -> {
                }, failure -> lost(made, failure));
            }
        }, failure -> {
            connecting = false;
            retry(failure);
        });
    }

    private void lost(RedisConnection lost, Throwable failure) {
        if (connection == lost) {
            connection = null;
            lost.closeAndForget();
            retry(failure);
        }
    }

    private void retry(Throwable failure) {
        if (closed) {
            return;
        }
        LOG.debugf("Task channels: Redis connection lost (%s); reconnecting",
                failure == null ? "closed" : failure.getClass().getSimpleName());
        Uni.createFrom().voidItem().onItem().delayIt().by(RECONNECT).subscribe().with(ignored -> connect());
    }

    /** Pushed messages: {@code ["message", channel, payload]} (RESP2 multi-bulk or RESP3 push). */
    private void received(Response response) {
        if (response == null || (response.type() != ResponseType.PUSH && response.type() != ResponseType.MULTI)
                || response.size() < 3 || !"message".equals(response.get(0).toString())) {
            return;
        }
        String channel = response.get(1).toString();
        if (channel.startsWith(prefix)) {
            onMessage.accept(channel.substring(prefix.length()), response.get(2).toString());
        }
    }
}
