package one.apiin.gateway.graphql;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.graphql.guard.LimitsConfig;
import one.apiin.gateway.graphql.guard.ReplicaCapacity;

/**
 * Bounds live subscriptions: at most {@code GATEWAY_LIMITS_SUBSCRIPTIONS_PER_CONNECTION} on one websocket connection,
 * and, per key on this replica, at most {@code GATEWAY_LIMITS_CONNECTIONS_PER_KEY} connections holding live
 * subscriptions; and on the whole replica at most {@link ReplicaCapacity#subscriptions()} (websockets and server-sent
 * events alike: each holds heap while it lives). A connection is known by the identity of what SmallRye keeps for it
 * (its upgrade request's headers).
 */
@ApplicationScoped
public class SubscriptionCaps {

    private final LimitsConfig limits;
    private final ReplicaCapacity capacity;
    private int live;
    private final Map<Object, Integer> perConnection = new IdentityHashMap<>();
    private final Map<String, Set<Object>> connectionsPerOwner = new HashMap<>();

    public SubscriptionCaps(LimitsConfig limits, ReplicaCapacity capacity) {
        this.limits = limits;
        this.capacity = capacity;
    }

    /** Admits one more subscription, or refuses it with RATE_LIMITED; the action returned gives the place back. */
    public synchronized Runnable admit(Object connection, String owner) {
        if (!capacity.admitsSubscription(live)) {
            throw new RateLimitedException("This replica follows as many live subscriptions as its memory allows ("
                    + live + "); subscribe again in a moment.", 1);
        }
        if (connection == null) {
            live++;
            return once(() -> release(null, owner));
        }
        int open = perConnection.getOrDefault(connection, 0);
        if (open >= limits.subscriptionsPerConnection()) {
            throw new RateLimitedException("This connection already has " + open + " live subscriptions; at most "
                    + limits.subscriptionsPerConnection() + " are allowed on one connection. Complete some first.", null);
        }
        Set<Object> connections = connectionsPerOwner.computeIfAbsent(owner,
                o -> Collections.newSetFromMap(new IdentityHashMap<>()));
        if (open == 0 && connections.size() >= limits.connectionsPerKey()) {
            throw new RateLimitedException("Your key already follows tasks on " + connections.size() + " connections; "
                    + "at most " + limits.connectionsPerKey() + " are allowed. Share a connection between "
                    + "subscriptions.", null);
        }
        perConnection.put(connection, open + 1);
        connections.add(connection);
        live++;
        return once(() -> release(connection, owner));
    }

    /** Live subscriptions on this replica. */
    public synchronized int live() {
        return live;
    }

    /** A place is given back once, however many ways its subscription ends. */
    private static Runnable once(Runnable release) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                release.run();
            }
        };
    }

    /** Gives back a replica place and, for a websocket ({@code connection} not null), the connection's. */
    private synchronized void release(Object connection, String owner) {
        live--;
        if (connection == null) {
            return;
        }
        int open = perConnection.getOrDefault(connection, 0) - 1;
        if (open > 0) {
            perConnection.put(connection, open);
            return;
        }
        perConnection.remove(connection);
        Set<Object> connections = connectionsPerOwner.get(owner);
        if (connections != null && connections.remove(connection) && connections.isEmpty()) {
            connectionsPerOwner.remove(owner);
        }
    }
}
