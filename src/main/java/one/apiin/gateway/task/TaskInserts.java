package one.apiin.gateway.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.support.OnContext;

/**
 * New tasks' INSERTs, written together when they come together (group commit): at most {@link #IN_FLIGHT}
 * statements are under way at once, and the INSERTs that arrive meanwhile wait, then go as one batch of at most
 * {@link #BATCH} (one round trip, one commit). A lone request waits for nothing: its INSERT is sent at once while a
 * slot is free, so the latency of one client is unchanged, and only under concurrency do requests share a commit.
 * <p>
 * A batch is one extended-protocol exchange ending in one Sync, so PostgreSQL runs it as one implicit transaction: its
 * INSERTs are all written or (one fails) none (TaskInsertsTest checks it). A failed batch is then sent again one
 * INSERT at a time, so that each request meets its own outcome (a cache hit whose image was just deleted by retention
 * becomes a miss, the others are stored) and no request fails for another's row; they go one after the other, in
 * the slot the batch held, so new tasks never take more than {@link #IN_FLIGHT} connections. Nothing is weakened: each request
 * is
 * answered after its own task is committed, as before.
 * <p>
 * Each request's outcome is handed back on the Vert.x context it came from (the batch completes on the context of the
 * request that sent it). Meters: {@code gateway.task.inserts.batch} (INSERTs per statement sent) and
 * {@code gateway.task.inserts.waiting} (INSERTs waiting for a slot).
 */
@ApplicationScoped
public class TaskInserts {

    /** Statements under way at once: one being written while the next is filled. */
    static final int IN_FLIGHT = 2;
    /** INSERTs in one statement at most. */
    static final int BATCH = 64;

    /** One new task's row: its statement's text and values (equal texts can share a batch). */
    record Row(String sql, Tuple values) {
    }

    private record Waiting(Row row, Context context, UniEmitter<? super Void> emitter) {
    }

    private final Pool pool;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MeterRegistry registry;
    private final Gauge gauge;
    private final DistributionSummary batches;

    TaskInserts(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.gauge = Gauge.builder("gateway.task.inserts.waiting", waitingCount, AtomicInteger::get)
                .description("New tasks' INSERTs waiting to be sent with others").register(registry);
        this.batches = DistributionSummary.builder("gateway.task.inserts.batch")
                .description("New tasks' INSERTs per statement sent (group commit)").register(registry);
    }

    /** The registry outlives an application restart (tests, dev mode): the gauge bound to this instance goes with it. */
    @PreDestroy
    void unregister() {
        registry.remove(gauge);
    }

    /** Writes the row, with others that wait at the same time; completes once it is committed. */
    Uni<Void> insert(Row row) {
        return Uni.createFrom().emitter(emitter -> {
            waiting.add(new Waiting(row, Vertx.currentContext(), emitter));
            waitingCount.incrementAndGet();
            drain();
        });
    }

    /** INSERTs waiting for a slot. */
    int waiting() {
        return waitingCount.get();
    }

    /** Statements under way. */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Sends what waits while a slot is free. Called when a row arrives and when a statement ends, after its slot is
     * given back: a row added while every slot was taken is then seen by the statement that frees one.
     */
    private void drain() {
        while (!waiting.isEmpty()) {
            int taken = inFlight.get();
            if (taken >= IN_FLIGHT) {
                return;
            }
            if (!inFlight.compareAndSet(taken, taken + 1)) {
                continue;
            }
            List<Waiting> batch = take();
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(batch).subscribe().with(ignored -> ended(), failure -> {
                // Not expected (each row's failure is its own outcome): no request is left waiting for it.
                batch.forEach(item -> failed(item, failure));
                ended();
            });
        }
    }

    private void ended() {
        inFlight.decrementAndGet();
        drain();
    }

    private List<Waiting> take() {
        List<Waiting> batch = new ArrayList<>();
        Waiting next;
        while (batch.size() < BATCH && (next = waiting.poll()) != null) {
            waitingCount.decrementAndGet();
            batch.add(next);
        }
        return batch;
    }

    /** The batch's rows, by statement text, one after the other; never fails (each request gets its outcome). */
    private Uni<Void> send(List<Waiting> batch) {
        Map<String, List<Waiting>> bySql = new LinkedHashMap<>();
        for (Waiting item : batch) {
            bySql.computeIfAbsent(item.row().sql(), ignored -> new ArrayList<>()).add(item);
        }
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (List<Waiting> group : bySql.values()) {
            sent = sent.chain(() -> group.size() == 1 ? alone(group.get(0)) : together(group));
        }
        return sent;
    }

    private Uni<Void> together(List<Waiting> group) {
        batches.record(group.size());
        List<Tuple> values = group.stream().map(item -> item.row().values()).toList();
        return Uni.createFrom().deferred(() -> pool.preparedQuery(group.get(0).row().sql()).executeBatch(values))
                .onItem().invoke(() -> group.forEach(TaskInserts::written))
                .replaceWithVoid()
                // Nothing of the batch was written: each row again alone, for its own outcome.
                .onFailure().recoverWithUni(() -> oneByOne(group));
    }

    /**
     * The rows one after the other, inside the slot of the batch they came in: new tasks never hold more than
     * {@link #IN_FLIGHT} of the pool's connections, even while a failed batch is written again.
     */
    private Uni<Void> oneByOne(List<Waiting> group) {
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (Waiting item : group) {
            sent = sent.chain(() -> alone(item));
        }
        return sent;
    }

    private Uni<Void> alone(Waiting item) {
        batches.record(1);
        return Uni.createFrom().deferred(() -> pool.preparedQuery(item.row().sql()).execute(item.row().values()))
                .onItem().invoke(() -> written(item))
                .onFailure().invoke(failure -> failed(item, failure))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    private static void written(Waiting item) {
        OnContext.run(item.context(), () -> item.emitter().complete(null));
    }

    private static void failed(Waiting item, Throwable failure) {
        OnContext.run(item.context(), () -> item.emitter().fail(failure));
    }
}
