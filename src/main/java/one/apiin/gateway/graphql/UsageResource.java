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
import io.vertx.core.Vertx;

import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.credits.UsageService;
import one.apiin.gateway.graphql.UsageView.OwnerUsageView;
import one.apiin.gateway.support.SafeContext;

/** Spending, savings and budgets: the caller's own, and everyone's for admins. */
@GraphQLApi
public class UsageResource {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    UsageService usage;
    /** Root fields of one document are resolved side by side: each reads in a context (and session) of its own. */
    @Inject
    Vertx vertx;

    @Query("usage")
    @Description("The caller's spending, savings and budget in the current period")
    public Uni<@NonNull UsageView> usage(@DefaultValue("DAY") UsagePeriod period) {
        return Resolvers.guarded(() -> callers.active(identity)
                .chain(caller -> SafeContext.run(vertx, () -> usage.of(caller, periodOf(period)))).map(UsageView::of));
    }

    @Query("usageByOwner")
    @Description("Admins: every owner's usage in the current period")
    public Uni<@NonNull List<@NonNull OwnerUsageView>> usageByOwner(@DefaultValue("DAY") UsagePeriod period) {
        return Resolvers.guarded(() -> {
            callers.requireAdmin(identity);
            return SafeContext.run(vertx, () -> usage.all(periodOf(period))).map(all -> all.stream()
                    .map(owner -> new OwnerUsageView(owner.owner(), UsageView.of(owner))).toList());
        });
    }

    private static one.apiin.gateway.credits.BudgetPeriod periodOf(UsagePeriod period) {
        return (period == null ? UsagePeriod.DAY : period).toBudgetPeriod();
    }
}
