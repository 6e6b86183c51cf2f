package one.apiin.gateway.credits;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.error.InsufficientCreditsException;

/**
 * Owners' budgets: credits per period ({@code GATEWAY_BUDGET_DEFAULT_CREDITS}, {@code GATEWAY_BUDGET_PERIOD}), or a
 * gateway key's own. A generation reserves its price with its task; cache hits and shared generations hold nothing.
 */
@ApplicationScoped
public class Budgets {

    private final BudgetConfig config;
    private final CreditLedger ledger;

    Budgets(BudgetConfig config, CreditLedger ledger) {
        this.config = config;
        this.ledger = ledger;
    }

    /** The caller's budget per period, or null when there is none. */
    public Integer budgetOf(Caller caller) {
        return caller.budgetCredits() != null ? caller.budgetCredits() : config.defaultCredits().orElse(null);
    }

    public BudgetPeriod period() {
        return config.period();
    }

    /** What a generation of this price reserves for the caller; null when the caller has no budget. */
    public Reservation reservation(Caller caller, int cost) {
        Integer budget = budgetOf(caller);
        return budget == null ? null : new Reservation(cost, budget, config.period());
    }

    /** The refusal of a reservation that did not fit: the budget, what is left and when it renews. */
    public Uni<InsufficientCreditsException> refusal(Caller caller, Reservation reservation, BudgetExceeded exceeded) {
        Instant start = reservation.period().start(exceeded.taskCreatedAt());
        Instant renewsAt = reservation.period().next(exceeded.taskCreatedAt());
        return ledger.reserved(caller.owner(), start).map(held -> {
            int remaining = Math.max(0, reservation.budget() - held);
            String message = "This generation costs " + reservation.amount() + " credits, but your budget of "
                    + reservation.budget() + " credits per " + reservation.period().noun() + " has " + remaining
                    + " left; it renews at " + renewsAt + ". Ask for fewer images or a cheaper model, or wait until then.";
            return new InsufficientCreditsException(message, reservation.budget(), remaining, renewsAt);
        });
    }
}
