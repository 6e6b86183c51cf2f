package one.apiin.gateway.auth;

import java.time.Instant;

/** A gateway key as admins see it: everything but the key. */
public record ApiKeyInfo(String id, String name, String owner, Instant createdAt, Instant expiresAt, Instant revokedAt,
        Integer budgetCredits, Integer rateLimitPerMinute, Integer concurrentTasks) {

    static ApiKeyInfo of(GatewayKey key) {
        return new ApiKeyInfo(key.id, key.name, key.owner, key.createdAt, key.expiresAt, key.revokedAt,
                key.budgetCredits, key.rateLimitPerMinute, key.concurrentTasks);
    }
}
