package one.apiin.gateway.credits;

import java.time.Instant;

/** A reservation did not fit in the owner's budget; nothing was reserved (and the transaction rolls back). */
public final class BudgetExceeded extends RuntimeException {

    private final Instant taskCreatedAt;

    public BudgetExceeded(Instant taskCreatedAt) {
        super("budget exceeded", null, false, false);
        this.taskCreatedAt = taskCreatedAt;
    }

    public Instant taskCreatedAt() {
        return taskCreatedAt;
    }
}
