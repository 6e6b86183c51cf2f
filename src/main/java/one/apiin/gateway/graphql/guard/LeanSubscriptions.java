package one.apiin.gateway.graphql.guard;

import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataLoaderDispatchStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionContextBuilder;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FetchedValue;
import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import graphql.execution.NonNullableFieldValidator;
import graphql.execution.ResultPath;
import graphql.execution.SubscriptionExecutionStrategy;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.execution.reactive.SubscriptionPublisher;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;

/**
 * graphql-java's subscription strategy, keeping less for a subscription's life.
 *
 * <p>
 * graphql-java renders each event of a subscription by running the subscription's selection set over it, in an
 * execution context made from the subscription's own: and so it keeps that whole context (the memoized normalized
 * operation, its field and directive maps, the error bookkeeping, the data-fetching environment of the root field)
 * as long as the subscription lives, for a handful of events. On a replica holding thousands of live UIs, that was
 * most of what a subscription cost. Here the subscription's stream is made exactly as graphql-java makes it, and then
 * only what an event's rendering needs is kept (a builder of execution contexts holding references the execution
 * shares with others: schema, document, variables, instrumentation), and every event gets a fresh execution context,
 * garbage once the event is sent. What an event yields, errors included, is what graphql-java's own strategy yields.
 */
final class LeanSubscriptions extends SubscriptionExecutionStrategy {

    LeanSubscriptions(DataFetcherExceptionHandler exceptions) {
        super(exceptions);
    }

    @Override
    public CompletableFuture<ExecutionResult> execute(ExecutionContext context, ExecutionStrategyParameters parameters) {
        return super.execute(context, parameters).thenApply(result -> {
            if (!(result.getData() instanceof SubscriptionPublisher events)) {
                return result; // no stream: the refusal is in the errors
            }
            Events rendering = new Events(context, parameters);
            boolean ordered = Boolean.TRUE.equals(context.getGraphQLContext().get(KEEP_SUBSCRIPTION_EVENTS_ORDERED));
            return ExecutionResult.newExecutionResult().from(result)
                    .data(new SubscriptionPublisher(events.getUpstreamPublisher(), rendering::render, ordered)).build();
        });
    }

    /** What rendering one subscription's events needs, and nothing of the execution that made its stream. */
    private final class Events {

        private final ExecutionContextBuilder contexts;
        private final ExecutionStepInfo rootStep;
        private final MergedSelectionSet rootFields;
        private final ResultPath rootPath;
        private final Object rootSource;
        private final Object rootLocalContext;
        /** The subscription's one root field, its definition and its type: the same for every event. */
        private final MergedField field;
        private final GraphQLObjectType parentType;
        private final GraphQLFieldDefinition definition;
        private final ResultPath fieldPath;

        Events(ExecutionContext context, ExecutionStrategyParameters parameters) {
            // A builder holds references only; each build makes new error lists, locks and memos. The data-loader
            // strategy of the stream's execution refers to that execution: events have no loader to dispatch.
            this.contexts = ExecutionContextBuilder.newExecutionContextBuilder(context).resetErrors().root(null)
                    .dataLoaderDispatcherStrategy(DataLoaderDispatchStrategy.NO_OP);
            this.rootStep = parameters.getExecutionStepInfo();
            this.rootFields = parameters.getFields();
            this.rootPath = parameters.getPath();
            this.rootSource = parameters.getSource();
            this.rootLocalContext = parameters.getLocalContext();
            this.field = rootFields.getSubField(rootFields.getKeys().get(0));
            this.parentType = (GraphQLObjectType) rootStep.getUnwrappedNonNullType();
            this.definition = getFieldDef(context.getGraphQLSchema(), parentType, field.getSingleField());
            this.fieldPath = rootPath.segment(mkNameForPath(field.getSingleField()));
        }

        /** As graphql-java's ExecuteSubscriptionEvent, on a context of its own. */
        CompletionStage<ExecutionResult> render(Object event) {
            ExecutionContext context;
            synchronized (this) {
                context = contexts.root(event).build();
                contexts.root(null);
            }
            ExecutionStrategyParameters parameters = ExecutionStrategyParameters.newParameters()
                    .executionStepInfo(rootStep).fields(rootFields).source(rootSource).localContext(rootLocalContext)
                    .nonNullFieldValidator(new NonNullableFieldValidator(context)).field(field).path(fieldPath).build();
            ExecutionStepInfo step = createExecutionStepInfo(context, parameters, definition, parentType);

            Instrumentation instrumentation = context.getInstrumentation();
            InstrumentationContext<ExecutionResult> fieldEvent = SimpleInstrumentationContext.nonNullCtx(instrumentation
                    .beginSubscribedFieldEvent(new InstrumentationFieldParameters(context, () -> step),
                            context.getInstrumentationState()));
            FetchedValue fetched = unboxPossibleDataFetcherResult(context, parameters, event);
            String key = field.getSingleField().getResultKey();
            CompletableFuture<ExecutionResult> rendered = completeField(context, parameters, fetched).getFieldValueFuture()
                    .thenApply(value -> new ExecutionResultImpl(Collections.singletonMap(key, value),
                            context.getErrors()));
            fieldEvent.onDispatched();
            rendered.whenComplete(fieldEvent::onCompleted);
            InstrumentationExecutionParameters execution = new InstrumentationExecutionParameters(
                    context.getExecutionInput(), context.getGraphQLSchema());
            return rendered.thenCompose(result -> instrumentation.instrumentExecutionResult(result, execution,
                    context.getInstrumentationState()));
        }
    }
}
