package one.apiin.gateway.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import one.apiin.gateway.auth.NewApiKey;

@Input("CreateApiKeyInput")
public class CreateApiKeyInput {

    @NonNull
    @Description("1 to 200 characters, for people")
    public String name;
    @Description("The owner the key acts as; a new owner of its own when absent")
    public String owner;
    public OffsetDateTime expiresAt;
    @Description("Credits per budget period, overriding GATEWAY_BUDGET_DEFAULT_CREDITS; 0 or more")
    public Integer budgetCredits;
    @Description("generateImage requests per minute, overriding GATEWAY_RATE_LIMIT_PER_MINUTE; 0 or more")
    public Integer rateLimitPerMinute;
    @Description("Tasks not yet ended at once, overriding GATEWAY_RATE_LIMIT_CONCURRENT_TASKS; 0 or more")
    public Integer concurrentTasks;

    NewApiKey toRequest() {
        return new NewApiKey(name, owner, expiresAt == null ? null : expiresAt.toInstant(), budgetCredits,
                rateLimitPerMinute, concurrentTasks);
    }
}
