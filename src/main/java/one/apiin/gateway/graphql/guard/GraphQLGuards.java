package one.apiin.gateway.graphql.guard;

import java.lang.reflect.Field;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.graphql.spi.EventingService;

import graphql.GraphQL;
import graphql.execution.ExecutionStrategy;
import graphql.execution.instrumentation.Instrumentation;

/**
 * Adds the gateway's guards ({@link GuardChain}) to the instrumentation SmallRye GraphQL built, after it: its
 * parsed-document cache and any depth or complexity limit configured there stay; and subscriptions run by
 * {@link LeanSubscriptions} (SmallRye's error handler kept). Registered through ServiceLoader.
 *
 * <p>
 * SmallRye keeps the first instance it loads for the life of the JVM, while tests restart the application in new
 * class loaders: so the chain is made by {@link GuardChain} as loaded by the current application, found by name.
 */
@RegisterForReflection(targets = { GraphQL.Builder.class, GuardChain.class }, fields = true, methods = true)
public class GraphQLGuards implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        try {
            Class<?> chain = Class.forName(GuardChain.class.getName(), true,
                    Thread.currentThread().getContextClassLoader());
            return builder.instrumentation((Instrumentation) chain.getMethod("around", Instrumentation.class)
                    .invoke(null, current(builder)))
                    .subscriptionExecutionStrategy((ExecutionStrategy) chain.getMethod("subscriptions").invoke(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The gateway's GraphQL guards cannot be installed", e);
        }
    }

    /** The instrumentation SmallRye set on the builder; graphql-java offers no getter for it. */
    private static Instrumentation current(GraphQL.Builder builder) throws ReflectiveOperationException {
        Field field = GraphQL.Builder.class.getDeclaredField("instrumentation");
        field.setAccessible(true);
        return (Instrumentation) field.get(builder);
    }
}
