package one.apiin.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

import one.apiin.gateway.error.UnauthenticatedException;
import one.apiin.gateway.support.Sink;

/**
 * Ends the open subscriptions of credentials that stop working: a token at its {@code exp}, a gateway key when it is
 * revoked or expires (one query per replica per check interval for all the keys behind its subscriptions, so a
 * revocation made on any replica reaches every one within the interval). The stream fails UNAUTHENTICATED rather
 * than completing, since completion means the task ended.
 */
@ApplicationScoped
public class CredentialWatch {

    private static final Logger LOG = Logger.getLogger(CredentialWatch.class);

    private final Vertx vertx;
    private final GatewayKeys keys;
    private final Map<String, Set<Consumer<UnauthenticatedException>>> byKey = new ConcurrentHashMap<>();
    private final long timer;
    private final AtomicBoolean checking = new AtomicBoolean();

    CredentialWatch(Vertx vertx, GatewayKeys keys, AuthConfig config) {
        this.vertx = vertx;
        this.keys = keys;
        this.timer = vertx.setPeriodic(Math.max(100, config.revocationCheckInterval().toMillis()), id -> check());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
    }

    /** The stream, failing UNAUTHENTICATED when the caller's credential stops working. */
    public <T> Multi<T> whileValid(Caller caller, Multi<T> stream) {
        if (caller.gatewayKeyId() == null && caller.expiresAt() == null) {
            return stream;
        }
        return Sink.<T> multi(emitter -> {
            Cancellable upstream = stream.subscribe().with(emitter::emit, emitter::fail, emitter::complete);
            Consumer<UnauthenticatedException> end = refusal -> {
                upstream.cancel();
                emitter.fail(refusal);
            };
            Long expiry = caller.expiresAt() == null ? null
                    : vertx.setTimer(Math.max(1, Duration.between(Instant.now(), caller.expiresAt()).toMillis()),
                            id -> end.accept(new UnauthenticatedException(
                                    "Your credential expired: reconnect with a new one and subscribe again.")));
            if (caller.gatewayKeyId() != null) {
                byKey.computeIfAbsent(caller.gatewayKeyId(), id -> ConcurrentHashMap.newKeySet()).add(end);
            }
            emitter.onTermination(() -> {
                upstream.cancel();
                if (expiry != null) {
                    vertx.cancelTimer(expiry);
                }
                if (caller.gatewayKeyId() != null) {
                    byKey.computeIfPresent(caller.gatewayKeyId(), (id, ends) -> {
                        ends.remove(end);
                        return ends.isEmpty() ? null : ends;
                    });
                }
            });
        });
    }

    private void check() {
        if (byKey.isEmpty() || !checking.compareAndSet(false, true)) {
            return;
        }
        List<String> ids = List.copyOf(byKey.keySet());
        keys.unusable(ids)
                .eventually(() -> checking.set(false))
                .subscribe().with(gone -> gone.forEach(id -> {
                    Set<Consumer<UnauthenticatedException>> ends = byKey.remove(id);
                    if (ends != null) {
                        LOG.debugf("Gateway key %s no longer works: ending its %d subscriptions", id, ends.size());
                        ends.forEach(end -> end.accept(Callers.revoked()));
                    }
                }), failure -> LOG.warnf("Could not check gateway keys for revocation: %s",
                        failure.getClass().getSimpleName()));
    }
}
