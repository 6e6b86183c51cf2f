package one.apiin.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import one.apiin.gateway.task.TaskFeed;
import one.apiin.gateway.task.TaskTracker;

/** What this replica holds: open subscriptions (to see vanished clients released) and the tasks it tracks. */
@Readiness
@ApplicationScoped
public class GatewayHealthCheck implements HealthCheck {

    private final TaskFeed feed;
    private final TaskTracker tracker;

    public GatewayHealthCheck(TaskFeed feed, TaskTracker tracker) {
        this.feed = feed;
        this.tracker = tracker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway").up()
                .withData("openSubscriptions", feed.openListeners())
                .withData("trackedTasks", tracker.trackedCount())
                .build();
    }
}
