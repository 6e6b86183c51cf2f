package one.apiin.gateway.task.feed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Publications on a connection of their own (taken from the pool once, held, made again when lost): under a burst
 * they are pipelined on it, and neither wait for the pool nor crowd out the commands that decide things there
 * (in-flight markers, leases, the cache): a publication tried again while Redis is slow must not cost a request its
 * shared generation.
 */
final class Publications {

    private final Redis redis;
    private volatile Uni<RedisConnection> connection;

    Publications(Redis redis) {
        this.redis = redis;
    }

    Uni<Response> publish(String channel, String message) {
        // A request is consumed when sent: each attempt builds its own.
        return connection().chain(made -> made.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)))
                .onFailure().invoke(this::forget);
    }

    private Uni<RedisConnection> connection() {
        Uni<RedisConnection> current = connection;
        if (current == null) {
            synchronized (this) {
                current = connection;
                if (current == null) {
                    current = redis.connect().invoke(made -> {
                        made.exceptionHandler(failure -> forget(failure));
                        made.endHandler(() -> forget(null));
                    }).memoize().indefinitely();
                    connection = current;
                }
            }
        }
        return current;
    }

    /** The connection failed or ended (or a publication on it did): the next publication makes a new one. */
    private void forget(Throwable failure) {
        Uni<RedisConnection> lost = connection;
        connection = null;
        if (lost != null) {
            lost.subscribe().with(RedisConnection::closeAndForget, ignored -> {
            });
        }
    }

    void close() {
        forget(null);
    }
}
