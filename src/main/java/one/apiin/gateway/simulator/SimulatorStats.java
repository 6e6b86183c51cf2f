package one.apiin.gateway.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

import one.apiin.gateway.auth.ApiKeys;

/** Call counters for tests and drills; in memory and per process. */
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
            @JsonProperty("callsByKey") Map<String, Long> callsByKey) {
    }

    /** A create body as received, and what its generation bills when it completes. */
    @RegisterForReflection
    record Received(@JsonProperty("body") String body, @JsonProperty("billedCredits") long billedCredits) {
    }

    private final Map<String, Received> receivedByPrompt = new ConcurrentHashMap<>();
    private final AtomicLong creates = new AtomicLong();
    private final AtomicLong createAttempts = new AtomicLong();
    private final AtomicLong totalPolls = new AtomicLong();
    private final AtomicLong billedCredits = new AtomicLong();
    private final Map<String, AtomicLong> polls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> callsByKey = new ConcurrentHashMap<>();

    void createAttempted() {
        createAttempts.incrementAndGet();
    }

    /** A task was created; {@code credits} is what it bills when it completes (0 for one that will fail). */
    void created(long credits) {
        creates.incrementAndGet();
        billedCredits.addAndGet(credits);
    }

    /** Keeps the last create body of each prompt (up to {@link #MAX_TRACKED_TASKS} prompts): tests read what was sent. */
    void received(String prompt, String body, long billed) {
        if (receivedByPrompt.size() < MAX_TRACKED_TASKS || receivedByPrompt.containsKey(prompt)) {
            receivedByPrompt.put(prompt, new Received(body, billed));
        }
    }

    /** The last create body received with this prompt; null when none was. */
    Received received(String prompt) {
        return receivedByPrompt.get(prompt);
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
        String key = authorization.substring("Bearer ".length());
        String id = ApiKeys.sha256Hex(key).substring(0, 16);
        AtomicLong counter = callsByKey.get(id);
        if (counter == null && callsByKey.size() < MAX_TRACKED_TASKS) {
            counter = callsByKey.computeIfAbsent(id, k -> new AtomicLong());
        }
        if (counter != null) {
            counter.incrementAndGet();
        }
    }

    Snapshot snapshot() {
        Map<String, Long> pollsByTask = new TreeMap<>();
        polls.forEach((taskId, count) -> pollsByTask.put(taskId, count.get()));
        Map<String, Long> byKey = new TreeMap<>();
        callsByKey.forEach((key, count) -> byKey.put(key, count.get()));
        return new Snapshot(creates.get(), createAttempts.get(), pollsByTask, totalPolls.get(), billedCredits.get(), byKey);
    }

    void reset() {
        creates.set(0);
        createAttempts.set(0);
        totalPolls.set(0);
        billedCredits.set(0);
        polls.clear();
        callsByKey.clear();
        receivedByPrompt.clear();
    }
}
