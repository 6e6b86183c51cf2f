package one.apiin.gateway.graphql.guard;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import one.apiin.gateway.support.OutageLog;

/**
 * How many live UIs this replica may hold before its heap runs out: a replica that took every websocket offered
 * would end in an OutOfMemoryError and drop them all, where one that refuses the excess keeps serving those it holds
 * while the refused reconnect elsewhere. A live UI (one websocket, one subscription) holds about 34 KiB of heap
 * (bench/README.md: 13 KiB the connection, 20 KiB the subscription, mostly Vert.x's and graphql-java's state); the
 * default leaves {@link #RESERVE} for the rest of the replica's work and counts {@link #PER_UI} per UI, so that
 * {@code -Xmx512m} holds about 10,000 and {@code -Xmx1g} about 24,500. Operators set {@code GATEWAY_LIMITS_WEBSOCKETS}
 * and {@code GATEWAY_LIMITS_SUBSCRIPTIONS} to override.
 */
@ApplicationScoped
public class ReplicaCapacity {

    private static final Logger LOG = Logger.getLogger(ReplicaCapacity.class);
    static final long RESERVE = 160L << 20;
    static final long PER_UI = 36L << 10;
    static final int FLOOR = 100;

    private final int websockets;
    private final int subscriptions;
    private final OutageLog fullOfWebsockets = new OutageLog(java.time.Duration.ofSeconds(30));
    private final OutageLog fullOfSubscriptions = new OutageLog(java.time.Duration.ofSeconds(30));

    public ReplicaCapacity(LimitsConfig limits) {
        long heap = Runtime.getRuntime().maxMemory();
        int fromHeap = defaultFor(heap);
        this.websockets = limits.websockets().orElse(fromHeap);
        this.subscriptions = limits.subscriptions().orElse(fromHeap);
        LOG.infof("This replica holds at most %d websockets and %d live subscriptions (%s; "
                + "GATEWAY_LIMITS_WEBSOCKETS, GATEWAY_LIMITS_SUBSCRIPTIONS)", websockets, subscriptions,
                limits.websockets().isPresent() && limits.subscriptions().isPresent() ? "as configured"
                        : "from a heap of " + (heap >> 20) + " MiB");
    }

    /** The default for a heap of {@code maxHeap} bytes: what is left after the reserve, one {@link #PER_UI} each. */
    static int defaultFor(long maxHeap) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(FLOOR, (maxHeap - RESERVE) / PER_UI));
    }

    public int websockets() {
        return websockets;
    }

    public int subscriptions() {
        return subscriptions;
    }

    /** Whether one more websocket fits beside {@code open}; says so once per episode when it does not. */
    public boolean admitsWebsocket(int open) {
        return admits(open, websockets, fullOfWebsockets, "websockets", "upgrades are refused with 503");
    }

    /** Whether one more live subscription fits beside {@code live}; says so once per episode when it does not. */
    public boolean admitsSubscription(int live) {
        return admits(live, subscriptions, fullOfSubscriptions, "live subscriptions",
                "new ones are refused with RATE_LIMITED");
    }

    private static boolean admits(int held, int most, OutageLog episodes, String what, String refusal) {
        if (held < most) {
            if (episodes.succeeded()) {
                LOG.infof("This replica takes %s again", what);
            }
            return true;
        }
        if (episodes.failed()) {
            LOG.warnf("This replica holds %d %s, its most: %s until some end (raise the heap, or the limit with it, "
                    + "or add replicas)", held, what, refusal);
        }
        return false;
    }
}
