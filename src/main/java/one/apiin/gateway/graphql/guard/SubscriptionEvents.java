package one.apiin.gateway.graphql.guard;

import java.util.concurrent.CompletableFuture;

import org.reactivestreams.Publisher;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.execution.SubscriptionExecutionStrategy;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;

/**
 * What a live subscription keeps between its events, and the order they leave in.
 *
 * <p>
 * SmallRye stores the context of each field it resolves in the execution's {@link GraphQLContext} (key
 * {@value #SMALLRYE_CONTEXT}), and a subscription's GraphQLContext lives as long as the subscription: so after each
 * event, the context of the event's last field, and through it that event's whole execution (its
 * {@code DataFetchingEnvironment}, execution context, step infos, directives, normalized fields), stayed reachable
 * until the next event. On a replica holding thousands of live UIs that was most of a subscription's heap. Once the
 * subscription's stream exists, its root field's context is kept aside; after each event it is put back, so that an
 * event's execution is garbage as soon as the event is sent.
 *
 * <p>
 * graphql-java sends subscription events in the order their executions complete, not in the order they came
 * (unless told otherwise): a task's states must reach the subscriber in order, its end last, so every execution asks
 * for the order kept ({@link SubscriptionExecutionStrategy#KEEP_SUBSCRIPTION_EVENTS_ORDERED}).
 *
 * <p>
 * The root field of a subscription is fetched with a {@link StreamEnvironment}: SmallRye keeps the environment it is
 * given for the subscription's life, and this one lets go of the execution once the stream is made. With
 * {@link LeanSubscriptions} rendering each event in a context of its own, a live subscription holds no execution.
 */
final class SubscriptionEvents extends SimplePerformantInstrumentation {

    /** Where SmallRye keeps the context of the field being resolved. */
    static final String SMALLRYE_CONTEXT = "context";
    /** The subscription's root field context, put back after each event. */
    static final String ROOT_CONTEXT = "gateway.subscription.rootContext";

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        parameters.getGraphQLContext().put(SubscriptionExecutionStrategy.KEEP_SUBSCRIPTION_EVENTS_ORDERED, true);
        return super.beginExecution(parameters, state);
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        if (!parameters.getExecutionContext().isSubscriptionOperation()
                || parameters.getExecutionStepInfo().getPath().getLevel() != 1) {
            return fetcher;
        }
        return environment -> {
            StreamEnvironment stream = new StreamEnvironment(environment);
            try {
                return fetcher.get(stream);
            } finally {
                stream.detach();
            }
        };
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        GraphQLContext context = parameters.getGraphQLContext();
        if (context != null) {
            if (result.getData() instanceof Publisher) {
                // The subscription's stream: what SmallRye holds now is its root field's context.
                Object root = context.get(SMALLRYE_CONTEXT);
                if (root != null) {
                    context.put(ROOT_CONTEXT, root);
                }
            } else {
                Object root = context.get(ROOT_CONTEXT);
                if (root != null) {
                    // One event of a subscription done: its execution is no longer referenced from the subscription.
                    context.put(SMALLRYE_CONTEXT, root);
                }
            }
        }
        return CompletableFuture.completedFuture(result);
    }
}
