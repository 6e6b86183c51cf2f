package one.apiin.gateway.graphql;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.credits.UsageService;
import one.apiin.gateway.graphql.UsageView.OwnerUsageView;

/** Spending, savings and budgets: the caller's own, and everyone's for admins. */
@GraphQLApi
public class UsageResource {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    UsageService usage;

    @Query("usage")
    @Description("The caller's spending, savings and budget in the current period")
    public Uni<@NonNull UsageView> usage(@DefaultValue("DAY") UsagePeriod period) {
        return Resolvers.guarded(() -> callers.active(identity)
                .chain(caller -> usage.of(caller, periodOf(period))).map(UsageView::of));
    }

    @Query("usageByOwner")
    @Description("Admins: every owner's usage in the current period")
    public Uni<@NonNull List<@NonNull OwnerUsageView>> usageByOwner(@DefaultValue("DAY") UsagePeriod period) {
        return Resolvers.guarded(() -> {
            callers.requireAdmin(identity);
            return usage.all(periodOf(period)).map(all -> all.stream()
                    .map(owner -> new OwnerUsageView(owner.owner(), UsageView.of(owner))).toList());
        });
    }

    private static one.apiin.gateway.credits.BudgetPeriod periodOf(UsagePeriod period) {
        return (period == null ? UsagePeriod.DAY : period).toBudgetPeriod();
    }
}
