package one.apiin.gateway.auth;

import java.time.Instant;

/** What an admin asks for when issuing a key; validated by {@link GatewayKeys#create}. */
public record NewApiKey(String name, String owner, Instant expiresAt, Integer budgetCredits, Integer rateLimitPerMinute,
        Integer concurrentTasks) {
}
