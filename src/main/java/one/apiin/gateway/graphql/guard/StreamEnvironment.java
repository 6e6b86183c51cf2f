package one.apiin.gateway.graphql.guard;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dataloader.DataLoader;
import org.dataloader.DataLoaderRegistry;

import graphql.GraphQLContext;
import graphql.collect.ImmutableMapWithNullValues;
import graphql.execution.ExecutionId;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.MergedField;
import graphql.execution.directives.QueryDirectives;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;

/**
 * The data-fetching environment a subscription's stream is made with, lighter once it is made.
 *
 * <p>
 * SmallRye keeps the environment of a subscription's root field for the subscription's life (its stream maps every
 * event with it, and its context holds it). The environment graphql-java gives holds the whole execution: its selection
 * set and directives computed from the normalized operation, and suppliers that refer to the execution context. While
 * the stream is being made, this environment is that one; once it is made ({@link #detach()}), it is a copy holding
 * only values (arguments, step, field, types, document, variables), which is all an event's mapping or an error's
 * location needs. Its selection set and directives are then gone: they are read when the stream is made, not after.
 */
final class StreamEnvironment implements DataFetchingEnvironment {

    private volatile DataFetchingEnvironment target;

    StreamEnvironment(DataFetchingEnvironment target) {
        this.target = target;
    }

    /** The stream is made: from now on only values are held. */
    void detach() {
        DataFetchingEnvironment full = target;
        ExecutionStepInfo fullStep = full.getExecutionStepInfo();
        ImmutableMapWithNullValues<String, Object> arguments = ImmutableMapWithNullValues.copyOf(fullStep.getArguments());
        ExecutionStepInfo step = fullStep.transform(builder -> builder.arguments(() -> arguments));
        target = DataFetchingEnvironmentImpl.newDataFetchingEnvironment().source(full.getSource())
                .arguments(arguments).context(full.getContext()).graphQLContext(full.getGraphQlContext())
                .localContext(full.getLocalContext()).root(full.getRoot()).fieldDefinition(full.getFieldDefinition())
                .mergedField(full.getMergedField()).fieldType(full.getFieldType()).parentType(full.getParentType())
                .graphQLSchema(full.getGraphQLSchema()).fragmentsByName(full.getFragmentsByName())
                .executionId(full.getExecutionId()).executionStepInfo(step)
                .dataLoaderRegistry(full.getDataLoaderRegistry()).locale(full.getLocale())
                .operationDefinition(full.getOperationDefinition()).document(full.getDocument())
                .variables(full.getVariables()).build();
    }

    @Override
    public <T> T getSource() {
        return target.getSource();
    }

    @Override
    public Map<String, Object> getArguments() {
        return target.getArguments();
    }

    @Override
    public boolean containsArgument(String name) {
        return target.containsArgument(name);
    }

    @Override
    public <T> T getArgument(String name) {
        return target.getArgument(name);
    }

    @Override
    public <T> T getArgumentOrDefault(String name, T defaultValue) {
        return target.getArgumentOrDefault(name, defaultValue);
    }

    @Override
    @SuppressWarnings("deprecation")
    public <T> T getContext() {
        return target.getContext();
    }

    @Override
    public GraphQLContext getGraphQlContext() {
        return target.getGraphQlContext();
    }

    @Override
    public <T> T getLocalContext() {
        return target.getLocalContext();
    }

    @Override
    public <T> T getRoot() {
        return target.getRoot();
    }

    @Override
    public GraphQLFieldDefinition getFieldDefinition() {
        return target.getFieldDefinition();
    }

    @Override
    @SuppressWarnings("deprecation")
    public List<Field> getFields() {
        return target.getFields();
    }

    @Override
    public MergedField getMergedField() {
        return target.getMergedField();
    }

    @Override
    public Field getField() {
        return target.getField();
    }

    @Override
    public GraphQLOutputType getFieldType() {
        return target.getFieldType();
    }

    @Override
    public ExecutionStepInfo getExecutionStepInfo() {
        return target.getExecutionStepInfo();
    }

    @Override
    public GraphQLType getParentType() {
        return target.getParentType();
    }

    @Override
    public GraphQLSchema getGraphQLSchema() {
        return target.getGraphQLSchema();
    }

    @Override
    public Map<String, FragmentDefinition> getFragmentsByName() {
        return target.getFragmentsByName();
    }

    @Override
    public ExecutionId getExecutionId() {
        return target.getExecutionId();
    }

    @Override
    public DataFetchingFieldSelectionSet getSelectionSet() {
        return target.getSelectionSet();
    }

    @Override
    public QueryDirectives getQueryDirectives() {
        return target.getQueryDirectives();
    }

    @Override
    public <K, V> DataLoader<K, V> getDataLoader(String name) {
        return target.getDataLoader(name);
    }

    @Override
    public DataLoaderRegistry getDataLoaderRegistry() {
        return target.getDataLoaderRegistry();
    }

    @Override
    public Locale getLocale() {
        return target.getLocale();
    }

    @Override
    public OperationDefinition getOperationDefinition() {
        return target.getOperationDefinition();
    }

    @Override
    public Document getDocument() {
        return target.getDocument();
    }

    @Override
    public Map<String, Object> getVariables() {
        return target.getVariables();
    }

    @Override
    public String toString() {
        return "StreamEnvironment[" + target.getField().getName() + "]";
    }
}
