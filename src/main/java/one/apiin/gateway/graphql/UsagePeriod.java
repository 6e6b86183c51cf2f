package one.apiin.gateway.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

import one.apiin.gateway.credits.BudgetPeriod;

@Enum("UsagePeriod")
@Description("Accounting periods, in UTC")
public enum UsagePeriod {
    DAY,
    MONTH;

    BudgetPeriod toBudgetPeriod() {
        return this == DAY ? BudgetPeriod.DAY : BudgetPeriod.MONTH;
    }

    static UsagePeriod of(BudgetPeriod period) {
        return period == BudgetPeriod.DAY ? DAY : MONTH;
    }
}
