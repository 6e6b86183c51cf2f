package one.apiin.gateway.credits;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

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
            from task where created_at >= ?1 and created_at < ?2 %s
            group by owner_hash, status, model""";
    private static final String HELD = "select owner, reserved from credit_reservation where period_start = ?1 %s";

    private final Budgets budgets;
    private final BudgetConfig config;

    UsageService(Budgets budgets, BudgetConfig config) {
        this.budgets = budgets;
        this.config = config;
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
        String onlyTasks = owner == null ? "" : "and owner_hash = ?3";
        String onlyHeld = owner == null ? "" : "and owner = ?2";
        boolean held = period == config.period();
        return Panache.withSession(() -> Panache.getSession().chain(session -> {
            var rows = session.createNativeQuery(ROWS.formatted(onlyTasks)).setParameter(1, from).setParameter(2, to);
            if (owner != null) {
                rows.setParameter(3, owner);
            }
            return rows.getResultList().chain(taskRows -> {
                if (!held) {
                    return Uni.createFrom().item(accumulate(taskRows, List.of(), period, from));
                }
                var reserved = session.createNativeQuery(HELD.formatted(onlyHeld)).setParameter(1, from);
                if (owner != null) {
                    reserved.setParameter(2, owner);
                }
                return reserved.getResultList().map(heldRows -> accumulate(taskRows, heldRows, period, from));
            });
        }));
    }

    private static Map<String, Accumulator> accumulate(List<?> taskRows, List<?> heldRows, BudgetPeriod period,
            Instant from) {
        Map<String, Accumulator> byOwner = new TreeMap<>();
        for (Object row : taskRows) {
            Object[] columns = (Object[]) row;
            Accumulator owner = byOwner.computeIfAbsent((String) columns[0], o -> new Accumulator(o, period, from));
            int count = ((Number) columns[3]).intValue();
            owner.byStatus.merge((String) columns[1], count, Integer::sum);
            owner.byModel.merge((String) columns[2], count, Integer::sum);
            owner.spent += ((Number) columns[4]).intValue();
            owner.savedByCache += ((Number) columns[5]).intValue();
            owner.savedBySharing += ((Number) columns[6]).intValue();
        }
        for (Object row : heldRows) {
            Object[] columns = (Object[]) row;
            byOwner.computeIfAbsent((String) columns[0], o -> new Accumulator(o, period, from)).held = ((Number) columns[1])
                    .intValue();
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
