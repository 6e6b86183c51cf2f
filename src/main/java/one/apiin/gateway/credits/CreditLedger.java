package one.apiin.gateway.credits;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Credits reserved per owner and budget period, in PostgreSQL: one conditional upsert raises an owner's reservation
 * only while it stays within the budget. The row lock makes it exact across replicas and concurrent requests, and it
 * survives restarts and Redis outages. Reservations and settlements run on the connection they are given: the
 * transaction that writes the task that reserves (or settles), so that both commit or neither does.
 */
@ApplicationScoped
public class CreditLedger {

    private static final String RESERVE = """
            insert into credit_reservation (owner, period_start, reserved) values ($1, $2, $3)
            on conflict (owner, period_start) do update set reserved = credit_reservation.reserved + excluded.reserved
            where credit_reservation.reserved + excluded.reserved <= $4
            returning reserved""";
    private static final String ADJUST = "update credit_reservation set reserved = reserved + $1"
            + " where owner = $2 and period_start = $3";
    private static final String RESERVED = "select reserved from credit_reservation where owner = $1 and period_start = $2";

    private final Pool pool;

    CreditLedger(Pool pool) {
        this.pool = pool;
    }

    /**
     * Reserves {@code reservation.amount()} for an owner's period when it stays within the budget; fails
     * {@link BudgetExceeded} otherwise (rolling the transaction back).
     */
    public Uni<Void> reserve(SqlClient client, String owner, Instant periodStart, Reservation reservation,
            Instant taskCreatedAt) {
        if (reservation.amount() > reservation.budget()) {
            return Uni.createFrom().failure(new BudgetExceeded(taskCreatedAt));
        }
        return client.preparedQuery(RESERVE)
                .execute(Tuple.of(owner, periodStart.atOffset(ZoneOffset.UTC), reservation.amount(), reservation.budget()))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().failure(new BudgetExceeded(taskCreatedAt))
                        : Uni.createFrom().voidItem());
    }

    /** Moves an owner's reservation by {@code delta} (a task's settlement or refund). */
    public Uni<Void> adjust(SqlClient client, String owner, Instant periodStart, int delta) {
        if (delta == 0) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(ADJUST).execute(Tuple.of(delta, owner, periodStart.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Credits an owner holds in a period: spent, and reserved by tasks not ended. */
    public Uni<Integer> reserved(String owner, Instant periodStart) {
        return pool.preparedQuery(RESERVED).execute(Tuple.of(owner, periodStart.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return 0;
                    }
                    Row row = iterator.next();
                    Integer reserved = row.getInteger(0);
                    return reserved == null ? 0 : reserved;
                });
    }
}
