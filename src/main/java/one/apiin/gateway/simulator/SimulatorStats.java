package one.apiin.gateway.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

import one.apiin.gateway.auth.ApiKeys;

/**
 * Call counters for tests and drills; in memory and per process. A generation is billed when it completes, as the
 * upstream bills, not when it is created: one that fails, or stays pending for ever, bills nothing, and one that
 * completes after its caller gave up on it bills all the same. Bills are kept in total and per key.
 */
@ApplicationScoped
class SimulatorStats {

    /** Per-task poll counts stop growing here so a long-running simulator cannot leak memory. */
    static final int MAX_TRACKED_TASKS = 10_000;

    /** Names pinned so a global Jackson naming strategy cannot change the control API. */
    @RegisterForReflection
    record Snapshot(@JsonProperty("creates") long creates,
            @JsonProperty("createAttempts") long createAttempts,
            @JsonProperty("polls") Map<String, Long> polls,
            @JsonProperty("totalPolls") long totalPolls,
            @JsonProperty("billedCredits") long billedCredits,
            @JsonProperty("callsByKey") Map<String, Long> callsByKey,
            @JsonProperty("createsByKey") Map<String, Long> createsByKey,
            @JsonProperty("billedByKey") Map<String, Long> billedByKey,
            @JsonProperty("running") long running) {
    }

    /** A created generation that will bill {@code credits} to {@code keyId} when it completes. */
    private record Bill(long completesAtMillis, long credits, String keyId) {
    }

    private final AtomicLong creates = new AtomicLong();
    private final AtomicLong createAttempts = new AtomicLong();
    private final AtomicLong totalPolls = new AtomicLong();
    private final AtomicLong billedCredits = new AtomicLong();
    private final Map<String, AtomicLong> polls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> callsByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> createsByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> billedByKey = new ConcurrentHashMap<>();
    /** Generations created that will bill when they complete, by upstream task id. */
    private final Map<String, Bill> running = new ConcurrentHashMap<>();

    void createAttempted() {
        createAttempts.incrementAndGet();
    }

    /**
     * A task was created with {@code authorization}; {@code credits} is what it bills when it completes, at
     * {@code completesAtMillis} (0 for one that will fail or never complete).
     */
    void created(String taskId, String authorization, long completesAtMillis, long credits) {
        creates.incrementAndGet();
        String keyId = keyId(authorization);
        count(createsByKey, keyId, 1);
        if (credits == 0) {
            return;
        }
        Bill bill = new Bill(completesAtMillis, credits, keyId);
        if (running.size() >= MAX_TRACKED_TASKS) {
            // Bounded memory: past this many generations in flight, each bills when created.
            bill(bill);
        } else {
            running.put(taskId, bill);
        }
    }

    /** Bills every generation that has completed by {@code nowMillis}, each once. */
    private void billCompleted(long nowMillis) {
        running.forEach((taskId, bill) -> {
            if (bill.completesAtMillis() <= nowMillis && running.remove(taskId, bill)) {
                bill(bill);
            }
        });
    }

    private void bill(Bill bill) {
        billedCredits.addAndGet(bill.credits());
        count(billedByKey, bill.keyId(), bill.credits());
    }

    private void count(Map<String, AtomicLong> counters, String key, long amount) {
        AtomicLong counter = counters.get(key);
        if (counter == null && counters.size() < MAX_TRACKED_TASKS) {
            counter = counters.computeIfAbsent(key, k -> new AtomicLong());
        }
        if (counter != null) {
            counter.addAndGet(amount);
        }
    }

    void polled(String taskId) {
        totalPolls.incrementAndGet();
        AtomicLong counter = polls.get(taskId);
        if (counter == null && polls.size() < MAX_TRACKED_TASKS) {
            counter = polls.computeIfAbsent(taskId, id -> new AtomicLong());
        }
        if (counter != null) {
            counter.incrementAndGet();
        }
    }

    /**
     * Counts calls per key, by the first 16 hex digits of the key's SHA-256 (never the key): tests check which key the
     * gateway sent.
     */
    void keyUsed(String authorization) {
        count(callsByKey, keyId(authorization), 1);
    }

    private static String keyId(String authorization) {
        return ApiKeys.sha256Hex(authorization.substring("Bearer ".length())).substring(0, 16);
    }

    Snapshot snapshot() {
        billCompleted(System.currentTimeMillis());
        return new Snapshot(creates.get(), createAttempts.get(), sorted(polls), totalPolls.get(), billedCredits.get(),
                sorted(callsByKey), sorted(createsByKey), sorted(billedByKey), running.size());
    }

    private static Map<String, Long> sorted(Map<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    void reset() {
        creates.set(0);
        createAttempts.set(0);
        totalPolls.set(0);
        billedCredits.set(0);
        polls.clear();
        callsByKey.clear();
        createsByKey.clear();
        billedByKey.clear();
        running.clear();
    }
}
