package one.apiin.gateway.credits;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Credits reserved per owner and budget period, in PostgreSQL: one conditional upsert raises an owner's reservation
 * only while it stays within the budget. The row lock makes it exact across replicas and concurrent requests, and it
 * survives restarts and Redis outages. Every call joins the transaction under way: the task that reserves (or
 * settles) is written in the same one.
 */
@ApplicationScoped
public class CreditLedger {

    private static final String RESERVE = """
            insert into credit_reservation (owner, period_start, reserved) values (?1, ?2, ?3)
            on conflict (owner, period_start) do update set reserved = credit_reservation.reserved + excluded.reserved
            where credit_reservation.reserved + excluded.reserved <= ?4
            returning reserved""";
    private static final String ADJUST = "update credit_reservation set reserved = reserved + ?1"
            + " where owner = ?2 and period_start = ?3";
    private static final String RESERVED = "select reserved from credit_reservation where owner = ?1 and period_start = ?2";

    /**
     * Reserves {@code reservation.amount()} for an owner's period when it stays within the budget; fails
     * {@link BudgetExceeded} otherwise (rolling the transaction back).
     */
    public Uni<Void> reserve(String owner, Instant periodStart, Reservation reservation, Instant taskCreatedAt) {
        if (reservation.amount() > reservation.budget()) {
            return Uni.createFrom().failure(new BudgetExceeded(taskCreatedAt));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(RESERVE)
                .setParameter(1, owner).setParameter(2, periodStart).setParameter(3, reservation.amount())
                .setParameter(4, reservation.budget())
                .getResultList())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().failure(new BudgetExceeded(taskCreatedAt))
                        : Uni.createFrom().voidItem());
    }

    /** Moves an owner's reservation by {@code delta} (a task's settlement or refund). */
    public Uni<Void> adjust(String owner, Instant periodStart, int delta) {
        if (delta == 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(ADJUST).setParameter(1, delta)
                .setParameter(2, owner).setParameter(3, periodStart).executeUpdate()).replaceWithVoid();
    }

    /** Credits an owner holds in a period: spent, and reserved by tasks not ended. */
    public Uni<Integer> reserved(String owner, Instant periodStart) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(RESERVED)
                .setParameter(1, owner).setParameter(2, periodStart).getResultList()))
                .map(CreditLedger::firstInt);
    }

    private static int firstInt(List<?> rows) {
        return rows.isEmpty() || rows.get(0) == null ? 0 : ((Number) rows.get(0)).intValue();
    }
}
