package one.apiin.gateway.observability;

import java.util.List;

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
 * replicas are exact): {@code gateway_tasks_total{model, status}}, {@code gateway_credits_charged_total{model}},
 * {@code gateway_credits_saved_total{reason}} (cache, sharing); and, per replica, {@code gateway_subscriptions_open}
 * and {@code gateway_tasks_tracked}; per door (graphql, apiinone, openai), {@code gateway_generation_requests_total{dialect,
 * outcome}}, counted where the request was answered: accepted, cached, or the contract's error code. Upstream calls are timed
 * by the upstream client
 * ({@code gateway_upstream_requests_seconds}), take-overs counted by the tracker ({@code gateway_tasks_taken_over_total}).
 */
@ApplicationScoped
public class BusinessMetrics {

    private final MeterRegistry registry;
    private final ModelCatalog catalog;
    private final List<Gauge> gauges;

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
        Counter.builder("gateway.credits.saved").tag("reason", "cache").register(registry);
        Counter.builder("gateway.credits.saved").tag("reason", "sharing").register(registry);
    }

    /** One generation request answered at a door: {@code outcome} is accepted, cached or the contract's error code. */
    public void requested(String dialect, String outcome) {
        Counter.builder("gateway.generation.requests")
                .description("Generation requests answered, by door (graphql, apiinone, openai) and outcome")
                .tags("dialect", dialect, "outcome", outcome).register(registry).increment();
    }

    /** A request's outcome as {@link #requested} counts it. */
    public static String outcome(TaskSnapshot task) {
        return task.cached() && task.status() == TaskStatus.SUCCEEDED ? "cached" : "accepted";
    }

    void ended(@Observes TaskEnded ended) {
        TaskSnapshot task = ended.task();
        Counter.builder("gateway.tasks").description("Tasks ended, by model and final status")
                .tags("model", task.model(), "status", task.status().name()).register(registry).increment();
        if (task.creditsCharged() > 0) {
            Counter.builder("gateway.credits.charged").description("Credits charged for generations that succeeded")
                    .tag("model", task.model()).register(registry).increment(task.creditsCharged());
        }
        if (task.status() == TaskStatus.SUCCEEDED && task.cached()) {
            int price = catalog.find(task.model()).map(ImageModel::creditsPerImage).orElse(0) * task.numImages();
            Counter.builder("gateway.credits.saved")
                    .description("Credits a request would have cost without the cache or sharing")
                    .tag("reason", ended.leaderTaskId() == null ? "cache" : "sharing").register(registry).increment(price);
        }
    }
}
