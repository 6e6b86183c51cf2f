package one.apiin.gateway.graphql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import one.apiin.gateway.credits.OwnerUsage;

@Type("Usage")
@Description("What an owner spent and saved in the current period")
public record UsageView(
        @NonNull UsagePeriod period,
        @NonNull @Description("Start of the current period") OffsetDateTime from,
        @NonNull int creditsSpent,
        @NonNull @Description("Credits that cache hits would have cost") int creditsSavedByCache,
        @NonNull @Description("Credits that requests sharing an identical generation in flight would have cost") int creditsSavedBySharing,
        @Description("The owner's budget for the period; null when there is none") Integer budgetCredits,
        Integer remainingCredits,
        @NonNull List<@NonNull UsageCount> tasksByStatus,
        @NonNull List<@NonNull UsageCount> tasksByModel) {

    @Type("UsageCount")
    public record UsageCount(@NonNull @Description("A status or a model id") String key, @NonNull int count) {
    }

    @Type("OwnerUsage")
    public record OwnerUsageView(@NonNull String owner, @NonNull UsageView usage) {
    }

    static UsageView of(OwnerUsage usage) {
        return new UsageView(UsagePeriod.of(usage.period()), usage.from().atOffset(ZoneOffset.UTC), usage.creditsSpent(),
                usage.creditsSavedByCache(), usage.creditsSavedBySharing(), usage.budgetCredits(),
                usage.remainingCredits(), counts(usage.tasksByStatus()), counts(usage.tasksByModel()));
    }

    private static List<UsageCount> counts(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(entry -> new UsageCount(entry.getKey(), entry.getValue())).toList();
    }
}
