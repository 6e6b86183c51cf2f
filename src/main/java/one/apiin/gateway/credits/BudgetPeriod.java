package one.apiin.gateway.credits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Accounting periods, in UTC. */
public enum BudgetPeriod {
    DAY,
    MONTH;

    /** The start of the period holding {@code at}. */
    public Instant start(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return (this == DAY ? day : day.withDayOfMonth(1)).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The start of the next period: when a budget renews. */
    public Instant next(Instant at) {
        LocalDate first = LocalDate.ofInstant(start(at), ZoneOffset.UTC);
        return (this == DAY ? first.plusDays(1) : first.plusMonths(1)).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    String noun() {
        return this == DAY ? "day" : "month";
    }
}
