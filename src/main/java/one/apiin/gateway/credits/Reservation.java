package one.apiin.gateway.credits;

/** What a generation would reserve of its owner's budget: its price, within the budget, in the task's period. */
public record Reservation(int amount, int budget, BudgetPeriod period) {
}
