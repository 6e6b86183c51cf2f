package one.apiin.gateway.graphql.guard;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bounds on what one request or one websocket connection may ask of the gateway, checked before anything runs. */
@ConfigMapping(prefix = "gateway.limits")
public interface LimitsConfig {

    /** Longest GraphQL document accepted, in characters. */
    @WithDefault("20000")
    int documentSize();

    /** Deepest selection accepted (introspection excepted, so that GraphiQL works). */
    @WithDefault("10")
    int depth();

    /** Deepest introspection accepted, counted from its __schema or __type field (GraphiQL and codegen ask ~10). */
    @WithDefault("20")
    int introspectionDepth();

    /** Most introspection fields in one operation, each counted once (GraphiQL's whole query is ~300). */
    @WithDefault("2000")
    int introspectionCost();

    /** Most aliased fields in one document. */
    @WithDefault("30")
    int aliases();

    /** Most fields at the root of one operation. */
    @WithDefault("20")
    int rootFields();

    /** Largest cost of one operation: a field costs 1, and a list's selection counts once per item asked for. */
    @WithDefault("5000")
    int cost();

    /** Most generateImage fields in one document: each may start a paid generation. */
    @WithDefault("4")
    int generationsPerDocument();

    /** Most live subscriptions on one websocket connection. */
    @WithDefault("50")
    int subscriptionsPerConnection();

    /** Most websocket connections one key may hold open on one replica. */
    @WithDefault("200")
    int connectionsPerKey();

    /** A websocket connection that has not sent connection_init this long after opening is closed (4408). */
    @WithDefault("10s")
    Duration connectionInitTimeout();

    /** Largest websocket message accepted, in bytes; a larger one closes the connection (1009). */
    @WithDefault("65536")
    int websocketMessageSize();

    /** Largest HTTP request body accepted on /graphql, in bytes (413 beyond). */
    @WithDefault("1048576")
    int bodySize();

    /**
     * Most websocket connections this replica holds; beyond, an upgrade is refused with 503 and {@code Retry-After}
     * (clients reconnect, through the load balancer to another replica). Unset: from the heap, see
     * {@link ReplicaCapacity}.
     */
    Optional<Integer> websockets();

    /**
     * Most live subscriptions this replica follows, over websockets and server-sent events; beyond, RATE_LIMITED.
     * Unset: from the heap, see {@link ReplicaCapacity}.
     */
    Optional<Integer> subscriptions();

    /**
     * A replica takes no new websocket or subscription while its heap after the last collection (the old
     * generation's occupancy) is above this share of its maximum, whatever the counts: what else it holds (caches,
     * work in flight) varies, and a heap kept nearly full by live UIs makes every delivery wait for the collector.
     */
    @WithDefault("75")
    int liveHeapPercent();
}
