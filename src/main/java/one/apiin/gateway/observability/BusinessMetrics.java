package one.apiin.gateway.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.task.TaskEnded;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;
import one.apiin.gateway.task.feed.TaskFeed;
import one.apiin.gateway.task.tracking.TaskTracking;

/**
 * The business in Prometheus terms, counted where each task ends (once, on the replica that ended it: sums over
 * replicas are exact), each by the door its request came through ({@code dialect}: graphql, apiinone, openai):
 * {@code gateway_tasks_total{model, status, dialect}}, {@code gateway_credits_charged_total{model, dialect}},
 * {@code gateway_credits_saved_total{reason, dialect}} (cache, sharing); and, per replica, {@code gateway_subscriptions_open}
 * and {@code gateway_tasks_tracked}; per door (graphql, apiinone, openai), {@code gateway_generation_requests_total{dialect,
 * outcome}}, counted where the request was answered: accepted, cached, or the contract's error code. Upstream calls are timed
 * by the upstream client
 * ({@code gateway_upstream_requests_seconds}), take-overs counted by the tracker ({@code gateway_tasks_taken_over_total}).
 */
@ApplicationScoped
public class BusinessMetrics {

    private static final String SAVED = "gateway.credits.saved";
    private static final String SAVED_HELP = "Credits a request would have cost without the cache or sharing";

    private final MeterRegistry registry;
    private final ModelCatalog catalog;
    private final List<Gauge> gauges;
    /** The counters met so far, by name and tags: building and registering one was a share of every request. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    BusinessMetrics(MeterRegistry registry, ModelCatalog catalog, TaskFeed feed, TaskTracking tracking) {
        this.registry = registry;
        this.catalog = catalog;
        this.gauges = List.of(
                Gauge.builder("gateway.subscriptions.open", feed, TaskFeed::openListeners)
                        .description("Live task subscriptions on this replica").register(registry),
                Gauge.builder("gateway.tasks.tracked", tracking, TaskTracking::trackedCount)
                        .description("Tasks this replica follows upstream").register(registry));
    }

    /** The registry outlives an application restart (tests, dev mode): gauges bound to this instance go with it. */
    @PreDestroy
    void unregister() {
        gauges.forEach(registry::remove);
    }

    /** Registers the meters at start, so that dashboards see them before the first task. */
    void start(@Observes StartupEvent event) {
        counter(SAVED, SAVED_HELP, "reason", "cache", "dialect", TaskEnded.GRAPHQL);
        counter(SAVED, SAVED_HELP, "reason", "sharing", "dialect", TaskEnded.GRAPHQL);
    }

    /** One generation request answered at a door: {@code outcome} is accepted, cached or the contract's error code. */
    public void requested(String dialect, String outcome) {
        counter("gateway.generation.requests",
                "Generation requests answered, by door (graphql, apiinone, openai) and outcome", "dialect", dialect,
                "outcome", outcome).increment();
    }

    /** A request's outcome as {@link #requested} counts it. */
    public static String outcome(TaskSnapshot task) {
        return task.cached() && task.status() == TaskStatus.SUCCEEDED ? "cached" : "accepted";
    }

    void ended(@Observes TaskEnded ended) {
        TaskSnapshot task = ended.task();
        counter("gateway.tasks", "Tasks ended, by model and final status", "model", task.model(), "status",
                task.status().name(), "dialect", ended.dialect()).increment();
        if (task.creditsCharged() > 0) {
            counter("gateway.credits.charged", "Credits charged for generations that succeeded", "model", task.model(),
                    "dialect", ended.dialect()).increment(task.creditsCharged());
        }
        if (task.status() == TaskStatus.SUCCEEDED && task.cached()) {
            int price = catalog.find(task.model()).map(ImageModel::creditsPerImage).orElse(0) * task.numImages();
            counter(SAVED, SAVED_HELP, "reason", ended.leaderTaskId() == null ? "cache" : "sharing", "dialect",
                    ended.dialect()).increment(price);
        }
    }

    /** The counter of that name and tags (key, value, ...), registered the first time it is met. */
    private Counter counter(String name, String description, String... tags) {
        String[] key = new String[tags.length + 1];
        key[0] = name;
        System.arraycopy(tags, 0, key, 1, tags.length);
        return counters.computeIfAbsent(List.of(key),
                ignored -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
