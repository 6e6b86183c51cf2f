package one.apiin.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import one.apiin.gateway.quota.RateLimiter;
import one.apiin.gateway.support.RedisAvailability;
import one.apiin.gateway.task.feed.TaskFeed;
import one.apiin.gateway.task.tracking.TaskTracking;

/**
 * What this replica holds: open subscriptions (to see vanished clients released), the tasks it tracks, and
 * whether Redis answers (without it the replica still serves, uncached: so it stays ready).
 */
@Readiness
@ApplicationScoped
public class GatewayHealthCheck implements HealthCheck {

    private final TaskFeed feed;
    private final TaskTracking tracking;
    private final RedisAvailability redis;

    private final RateLimiter limiter;

    public GatewayHealthCheck(TaskFeed feed, TaskTracking tracking, RedisAvailability redis, RateLimiter limiter) {
        this.limiter = limiter;
        this.feed = feed;
        this.tracking = tracking;
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway").up()
                .withData("openSubscriptions", feed.openListeners())
                .withData("followedTasks", feed.followedTasks())
                .withData("trackedTasks", tracking.trackedCount())
                .withData("redis", redis.available() ? "available" : "unavailable: serving uncached")
                .withData("rateLimits", !limiter.enabled() ? "none"
                        : redis.available() ? "exact across replicas" : "per replica while Redis is unavailable")
                .build();
    }
}
