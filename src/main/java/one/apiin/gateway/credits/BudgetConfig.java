package one.apiin.gateway.credits;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.budget")
public interface BudgetConfig {

    /** Credits each owner may spend per period ({@code GATEWAY_BUDGET_DEFAULT_CREDITS}); unset: no budget. */
    Optional<Integer> defaultCredits();

    /** The budget period ({@code GATEWAY_BUDGET_PERIOD}), {@code day} or {@code month}, in UTC. */
    @WithDefault("day")
    BudgetPeriod period();
}
