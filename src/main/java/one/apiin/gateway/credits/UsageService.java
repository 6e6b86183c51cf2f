package one.apiin.gateway.credits;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.auth.Caller;

/**
 * Usage per owner and period, read from the tasks themselves (so it is their exact sum, and survives restarts): spent
 * is what tasks were charged; saved by the cache is the price of cache hits that succeeded; saved by sharing, the
 * price of requests that shared an identical generation that succeeded.
 */
@ApplicationScoped
public class UsageService {

    private static final String ROWS = """
            select owner_hash, status, model, count(*),
                   coalesce(sum(credits_charged), 0),
                   coalesce(sum(case when cached and leader_task_id is null and status = 'SUCCEEDED'
                                     then coalesce(credits_per_image, 0) * num_images else 0 end), 0),
                   coalesce(sum(case when leader_task_id is not null and status = 'SUCCEEDED'
                                     then coalesce(credits_per_image, 0) * num_images else 0 end), 0)
            from task where created_at >= $1 and created_at < $2 %s
            group by owner_hash, status, model""";
    private static final String HELD = "select owner, reserved from credit_reservation where period_start = $1 %s";

    private final Budgets budgets;
    private final BudgetConfig config;
    private final Pool pool;

    UsageService(Budgets budgets, BudgetConfig config, Pool pool) {
        this.budgets = budgets;
        this.config = config;
        this.pool = pool;
    }

    /** The caller's usage in the current period. */
    public Uni<OwnerUsage> of(Caller caller, BudgetPeriod period) {
        Instant now = Instant.now();
        Integer budget = period == config.period() ? budgets.budgetOf(caller) : null;
        return read(period, now, caller.owner()).map(usage -> {
            Accumulator found = usage.get(caller.owner());
            return found != null ? found.withBudget(budget) : empty(caller.owner(), period, now).withBudget(budget);
        });
    }

    /** Every owner with tasks (or credits held) in the current period; budgets are the default one. */
    public Uni<List<OwnerUsage>> all(BudgetPeriod period) {
        Instant now = Instant.now();
        Integer budget = period == config.period() ? config.defaultCredits().orElse(null) : null;
        return read(period, now, null).map(usage -> usage.values().stream().map(u -> u.withBudget(budget)).toList());
    }

    private Uni<Map<String, Accumulator>> read(BudgetPeriod period, Instant now, String owner) {
        Instant from = period.start(now);
        Instant to = period.next(now);
        String onlyTasks = owner == null ? "" : "and owner_hash = $3";
        String onlyHeld = owner == null ? "" : "and owner = $2";
        boolean held = period == config.period();
        Tuple tasks = Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        Tuple reservations = Tuple.of(from.atOffset(ZoneOffset.UTC));
        if (owner != null) {
            tasks.addString(owner);
            reservations.addString(owner);
        }
        return pool.preparedQuery(ROWS.formatted(onlyTasks)).execute(tasks).chain(taskRows -> !held
                ? Uni.createFrom().item(accumulate(taskRows, null, period, from))
                : pool.preparedQuery(HELD.formatted(onlyHeld)).execute(reservations)
                        .map(heldRows -> accumulate(taskRows, heldRows, period, from)));
    }

    /** Sums the task rows (and the credits held, unless {@code heldRows} is null) per owner. */
    private static Map<String, Accumulator> accumulate(RowSet<Row> taskRows, RowSet<Row> heldRows, BudgetPeriod period,
            Instant from) {
        Map<String, Accumulator> byOwner = new TreeMap<>();
        for (Row row : taskRows) {
            Accumulator owner = byOwner.computeIfAbsent(row.getString(0), o -> new Accumulator(o, period, from));
            int count = row.getLong(3).intValue();
            owner.byStatus.merge(row.getString(1), count, Integer::sum);
            owner.byModel.merge(row.getString(2), count, Integer::sum);
            owner.spent += row.getLong(4).intValue();
            owner.savedByCache += row.getLong(5).intValue();
            owner.savedBySharing += row.getLong(6).intValue();
        }
        if (heldRows != null) {
            for (Row row : heldRows) {
                byOwner.computeIfAbsent(row.getString(0), o -> new Accumulator(o, period, from)).held = row.getInteger(1);
            }
        }
        return byOwner;
    }

    private static Accumulator empty(String owner, BudgetPeriod period, Instant now) {
        return new Accumulator(owner, period, period.start(now));
    }

    /** One owner's sums while rows are read; {@code held} is what the budget counts (spent, and reserved). */
    private static final class Accumulator {
        final String owner;
        final BudgetPeriod period;
        final Instant from;
        final Map<String, Integer> byStatus = new HashMap<>();
        final Map<String, Integer> byModel = new HashMap<>();
        int spent;
        int savedByCache;
        int savedBySharing;
        int held;

        Accumulator(String owner, BudgetPeriod period, Instant from) {
            this.owner = owner;
            this.period = period;
            this.from = from;
        }

        OwnerUsage withBudget(Integer budget) {
            Integer remaining = budget == null ? null : Math.max(0, budget - held);
            return new OwnerUsage(owner, period, from, spent, savedByCache, savedBySharing, budget, remaining,
                    new TreeMap<>(byStatus), new TreeMap<>(byModel));
        }
    }
}
