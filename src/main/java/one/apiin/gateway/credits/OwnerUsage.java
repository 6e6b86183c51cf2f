package one.apiin.gateway.credits;

import java.time.Instant;
import java.util.Map;

/**
 * What an owner spent and saved in a period, summed over their tasks created in it; the budget fields are null when
 * the owner has no budget for this period.
 */
public record OwnerUsage(String owner, BudgetPeriod period, Instant from, int creditsSpent, int creditsSavedByCache,
        int creditsSavedBySharing, Integer budgetCredits, Integer remainingCredits, Map<String, Integer> tasksByStatus,
        Map<String, Integer> tasksByModel) {
}
