package one.apiin.gateway.graphql;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.error.RateLimitedException;
import one.apiin.gateway.graphql.guard.LimitsConfig;

/**
 * Bounds live subscriptions: at most {@code GATEWAY_LIMITS_SUBSCRIPTIONS_PER_CONNECTION} on one websocket connection,
 * and, per key on this replica, at most {@code GATEWAY_LIMITS_CONNECTIONS_PER_KEY} connections holding live
 * subscriptions. A connection is known by the identity of what SmallRye keeps for it (its upgrade request's headers).
 */
@ApplicationScoped
public class SubscriptionCaps {

    private final LimitsConfig limits;
    private final Map<Object, Integer> perConnection = new IdentityHashMap<>();
    private final Map<String, Set<Object>> connectionsPerOwner = new HashMap<>();

    public SubscriptionCaps(LimitsConfig limits) {
        this.limits = limits;
    }

    /** Admits one more subscription, or refuses it with RATE_LIMITED; the action returned gives the place back. */
    public synchronized Runnable admit(Object connection, String owner) {
        if (connection == null) {
            return () -> {
            };
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
        return () -> release(connection, owner);
    }

    private synchronized void release(Object connection, String owner) {
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
