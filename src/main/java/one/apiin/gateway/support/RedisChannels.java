package one.apiin.gateway.support;

import java.time.Duration;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/** Listening to a Redis pub/sub channel for the life of the service, reconnecting whenever it is lost. */
public final class RedisChannels {

    private static final Logger LOG = Logger.getLogger(RedisChannels.class);

    private RedisChannels() {
    }

    public static Cancellable listen(ReactivePubSubCommands<String> pubsub, String channel, Consumer<String> onMessage) {
        return Multi.createFrom().deferred(() -> pubsub.subscribe(channel))
                .onFailure().invoke(failure -> LOG.warnf("Redis channel %s lost (%s); reconnecting", channel,
                        failure.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(onMessage, failure -> LOG.errorf("Redis channel %s closed for good", channel));
    }
}
