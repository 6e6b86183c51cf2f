package one.apiin.gateway.graphql.guard;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.graphql.execution.error.ExceptionHandler;

import graphql.execution.ExecutionStrategy;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;

/**
 * SmallRye's instrumentation first, then the gateway's: trusted documents only (when so configured), operation limits and
 * strict variables before anything
 * executes, one error shape on every result, and subscriptions that keep their events' order and not their executions
 * ({@link SubscriptionEvents}).
 */
public final class GuardChain {

    /** The chain last built, for the tests that check SmallRye's own instrumentation stays in it. */
    static volatile Instrumentation built;

    private GuardChain() {
    }

    /** graphql-java's subscription strategy keeping no execution for a subscription's life. */
    public static ExecutionStrategy subscriptions() {
        return new LeanSubscriptions(new ExceptionHandler());
    }

    public static Instrumentation around(Instrumentation smallRyes) {
        LimitsConfig limits = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(LimitsConfig.class);
        List<Instrumentation> chain = new ArrayList<>();
        if (smallRyes != null) {
            chain.add(smallRyes);
        }
        PersistedDocumentsConfig persisted = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(PersistedDocumentsConfig.class);
        if (persisted.mode() == PersistedDocumentsConfig.Mode.TRUSTED) {
            chain.add(new TrustedOnly(TrustedManifest.load(persisted)));
        }
        chain.add(new OperationLimits(limits));
        chain.add(new StrictVariables());
        chain.add(new ErrorShape());
        chain.add(new SubscriptionEvents());
        built = new ChainedInstrumentation(chain);
        return built;
    }
}
