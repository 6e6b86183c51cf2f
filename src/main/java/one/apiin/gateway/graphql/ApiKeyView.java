package one.apiin.gateway.graphql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import one.apiin.gateway.auth.ApiKeyInfo;

@Type("ApiKey")
@Description("A key the gateway issued (the key itself is never shown again)")
public record ApiKeyView(
        @NonNull @Id String id,
        @NonNull String name,
        @NonNull @Description("The owner the key acts as") String owner,
        @NonNull OffsetDateTime createdAt,
        OffsetDateTime expiresAt,
        OffsetDateTime revokedAt,
        @Description("Budget per period overriding the default; null for the default") Integer budgetCredits,
        @Description("generateImage requests per minute overriding the default; null for the default") Integer rateLimitPerMinute,
        @Description("Tasks not yet ended at once overriding the default; null for the default") Integer concurrentTasks) {

    static ApiKeyView of(ApiKeyInfo key) {
        return new ApiKeyView(key.id(), key.name(), key.owner(), utc(key.createdAt()), utc(key.expiresAt()),
                utc(key.revokedAt()), key.budgetCredits(), key.rateLimitPerMinute(), key.concurrentTasks());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
