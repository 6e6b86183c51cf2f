package one.apiin.gateway.graphql.guard;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import one.apiin.gateway.support.OutageLog;

/**
 * How many live UIs this replica may hold before its heap runs out: a replica that took every websocket offered
 * would end in an OutOfMemoryError and drop them all, where one that refuses the excess keeps serving those it holds
 * while the refused reconnect elsewhere. A live UI (one websocket, one subscription) holds about 21 KiB of heap
 * (bench/README.md, issue 20: 12.8 KiB the connection, mostly Vert.x's and Netty's, 8.5 KiB the subscription); the
 * default leaves {@link #RESERVE} for the rest of the replica's work and counts {@link #PER_UI} per UI (the measured
 * figure and a margin for longer documents than the bench's), so that {@code -Xmx512m} holds about 15,000 and
 * {@code -Xmx1g} about 36,900. Operators set {@code GATEWAY_LIMITS_WEBSOCKETS}
 * and {@code GATEWAY_LIMITS_SUBSCRIPTIONS} to override.
 */
@ApplicationScoped
public class ReplicaCapacity {

    private static final Logger LOG = Logger.getLogger(ReplicaCapacity.class);
    static final long RESERVE = 160L << 20;
    static final long PER_UI = 24L << 10;
    static final int FLOOR = 100;

    private final int websockets;
    private final int subscriptions;
    private final HeapGauge heap;
    private final long heapCeiling;
    private final OutageLog fullOfWebsockets = new OutageLog(java.time.Duration.ofSeconds(30));
    private final OutageLog fullOfSubscriptions = new OutageLog(java.time.Duration.ofSeconds(30));

    @Inject
    public ReplicaCapacity(LimitsConfig limits) {
        this(limits, HeapGauge.oldGeneration());
    }

    ReplicaCapacity(LimitsConfig limits, HeapGauge gauge) {
        long heap = Runtime.getRuntime().maxMemory();
        int fromHeap = defaultFor(heap);
        this.heap = gauge;
        this.heapCeiling = heap / 100 * Math.max(1, Math.min(100, limits.liveHeapPercent()));
        this.websockets = limits.websockets().orElse(fromHeap);
        this.subscriptions = limits.subscriptions().orElse(fromHeap);
        LOG.infof("This replica holds at most %d websockets and %d live subscriptions (%s; "
                + "GATEWAY_LIMITS_WEBSOCKETS, GATEWAY_LIMITS_SUBSCRIPTIONS), and takes none while its heap after a "
                + "collection is above %d MiB (GATEWAY_LIMITS_LIVE_HEAP_PERCENT)", websockets, subscriptions,
                limits.websockets().isPresent() && limits.subscriptions().isPresent() ? "as configured"
                        : "from a heap of " + (heap >> 20) + " MiB",
                heapCeiling >> 20);
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

    /** The decision alone: below the count and below the heap ceiling (a gauge that cannot tell reads 0). */
    static boolean fits(int held, int most, long heapUsed, long heapCeiling) {
        return held < most && heapUsed <= heapCeiling;
    }

    /** The count first: a replica at its count refuses without asking the memory pool ({@link #fits} decides). */
    private boolean admits(int held, int most, OutageLog episodes, String what, String refusal) {
        if (held < most && fits(held, most, heap.usedAfterCollection(), heapCeiling)) {
            if (episodes.succeeded()) {
                LOG.infof("This replica takes %s again", what);
            }
            return true;
        }
        if (episodes.failed()) {
            LOG.warnf("This replica holds %d %s and %d MiB of heap after its last collection (its most: %d and %d "
                    + "MiB): %s until some end (raise the heap, or the limits with it, or add replicas)", held, what,
                    heap.usedAfterCollection() >> 20, most, heapCeiling >> 20, refusal);
        }
        return false;
    }

    /** The heap a collection left: the old generation's occupancy after the last collection that measured it. */
    @FunctionalInterface
    interface HeapGauge {
        long usedAfterCollection();

        /** G1's "G1 Old Gen" (updated after young collections too), the parallel and serial collectors' old pools. */
        static HeapGauge oldGeneration() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                        && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                    return () -> {
                        MemoryUsage usage = pool.getCollectionUsage();
                        return usage == null ? 0 : usage.getUsed();
                    };
                }
            }
            return () -> 0;
        }
    }
}
