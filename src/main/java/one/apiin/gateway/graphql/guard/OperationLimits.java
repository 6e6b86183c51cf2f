package one.apiin.gateway.graphql.guard;

import java.util.Map;

import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;

/**
 * Refuses, before anything executes, an operation that asks too much: too deep, too many aliases or root fields,
 * too costly (a list's selection counts once per item its {@code first} asks for), or more generateImage fields
 * than one document may start. Introspection has limits of its own, as deep and as large as GraphiQL's and codegen's
 * own queries need, and no more.
 */
final class OperationLimits extends SimplePerformantInstrumentation {

    /** Items a list field is taken to return when it does not say ({@code tasks} defaults to 20). */
    static final int DEFAULT_LIST_SIZE = 20;

    private final LimitsConfig limits;

    OperationLimits(LimitsConfig limits) {
        this.limits = limits;
    }

    @Override
    public InstrumentationContext<graphql.ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
        Tally tally = new Tally(parameters.getExecutionContext().getFragmentsByName(),
                parameters.getExecutionContext().getExecutionInput().getRawVariables().toMap());
        long cost = tally.selection(operation.getSelectionSet(), 1, true);
        refuseIf(operation.getSelectionSet().getSelections().size() > limits.rootFields(),
                "The operation has " + operation.getSelectionSet().getSelections().size() + " root fields; at most "
                        + limits.rootFields() + " are accepted (limit rootFields).");
        refuseIf(tally.depth > limits.depth(), "The operation is " + tally.depth + " levels deep; at most "
                + limits.depth() + " are accepted (limit depth).");
        refuseIf(tally.introspectionDepth > limits.introspectionDepth(), "The operation's introspection is "
                + tally.introspectionDepth + " levels deep; at most " + limits.introspectionDepth()
                + " are accepted (limit introspectionDepth).");
        refuseIf(tally.introspectionCost > limits.introspectionCost(), "The operation asks for "
                + tally.introspectionCost + " introspection fields; at most " + limits.introspectionCost()
                + " are accepted (limit introspectionCost).");
        refuseIf(tally.aliases > limits.aliases(), "The operation uses " + tally.aliases + " aliases; at most "
                + limits.aliases() + " are accepted (limit aliases).");
        refuseIf(tally.generations > limits.generationsPerDocument(), "The operation asks for " + tally.generations
                + " generations (generateImage fields); at most " + limits.generationsPerDocument()
                + " are accepted in one document (limit generationsPerDocument).");
        refuseIf(cost > limits.cost(), "The operation costs " + cost + " (a field costs 1, a list's selection once "
                + "per item asked for); at most " + limits.cost() + " is accepted (limit cost). Ask for fewer items.");
        return super.beginExecuteOperation(parameters, state);
    }

    private static void refuseIf(boolean refused, String message) {
        if (refused) {
            throw new AbortExecutionException(message);
        }
    }

    /** Walks the operation's selections (fragments included) once, counting what the limits bound. */
    private static final class Tally {

        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;
        int depth;
        int aliases;
        int generations;
        int introspectionDepth;
        long introspectionCost;
        private int fragmentHops;

        Tally(Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {
            this.fragments = fragments;
            this.variables = variables;
        }

        /** The cost of a selection set at {@code level}; {@code root} for the operation's own fields. */
        long selection(SelectionSet set, int level, boolean root) {
            if (set == null) {
                return 0;
            }
            long cost = 0;
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field) {
                    cost += field(field, level, root);
                } else if (selection instanceof InlineFragment inline) {
                    cost += selection(inline.getSelectionSet(), level, root);
                } else if (selection instanceof FragmentSpread spread && fragmentHops++ < 1000) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    cost += fragment == null ? 0 : selection(fragment.getSelectionSet(), level, root);
                }
                cost = Math.min(cost, Integer.MAX_VALUE);
            }
            return cost;
        }

        private long field(Field field, int level, boolean root) {
            if (field.getName().startsWith("__")) {
                // Introspection: limits of its own (GraphiQL's query is deep and wide), not the operation's cost.
                introspection(field, 1);
                return 0;
            }
            depth = Math.max(depth, level);
            if (field.getAlias() != null) {
                aliases++;
            }
            if (root && "generateImage".equals(field.getName())) {
                generations++;
            }
            long items = field.getSelectionSet() == null ? 1 : listSize(field);
            return 1 + items * selection(field.getSelectionSet(), level + 1, false);
        }

        /** Counts an introspection field and what it selects: depth from the first __ field, each field once. */
        private void introspection(Field field, int level) {
            introspectionDepth = Math.max(introspectionDepth, level);
            introspectionCost++;
            if (field.getAlias() != null) {
                aliases++;
            }
            if (field.getSelectionSet() != null && introspectionCost <= Integer.MAX_VALUE) {
                introspectionSelection(field.getSelectionSet(), level + 1);
            }
        }

        private void introspectionSelection(SelectionSet set, int level) {
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field) {
                    introspection(field, level);
                } else if (selection instanceof InlineFragment inline && inline.getSelectionSet() != null) {
                    introspectionSelection(inline.getSelectionSet(), level);
                } else if (selection instanceof FragmentSpread spread && fragmentHops++ < 1000) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment != null) {
                        introspectionSelection(fragment.getSelectionSet(), level);
                    }
                }
            }
        }

        /** What a field's {@code first} asks for; 1 for a field without one (an object, or a short list). */
        private long listSize(Field field) {
            for (Argument argument : field.getArguments()) {
                if (!"first".equals(argument.getName())) {
                    continue;
                }
                Object value = argument.getValue() instanceof VariableReference reference
                        ? variables.get(reference.getName())
                        : argument.getValue() instanceof IntValue literal ? literal.getValue() : null;
                return value instanceof Number number ? Math.max(1, Math.min(number.longValue(), 1_000_000))
                        : DEFAULT_LIST_SIZE;
            }
            return "tasks".equals(field.getName()) ? DEFAULT_LIST_SIZE : 1;
        }
    }
}
