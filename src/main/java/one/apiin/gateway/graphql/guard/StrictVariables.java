package one.apiin.gateway.graphql.guard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import one.apiin.gateway.support.Echo;

import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.IntValue;
import graphql.language.ListType;
import graphql.language.Node;
import graphql.language.NonNullType;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;

/**
 * Holds variables to the schema's types to the letter, before anything executes: SmallRye's scalars are lenient (an
 * Int variable of 9007199254740993 would become 1, a string for an Int would fail deep inside), so an Int must be a
 * whole number in range, a String a string, a Boolean a boolean, an enum one of its values, and an input object may
 * hold only its own fields. Int literals in the document are held to the same range. Messages name the variable and
 * the field, and echo at most 100 characters of what was sent.
 */
final class StrictVariables extends SimplePerformantInstrumentation {

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        checkLiterals(parameters.getExecutionContext().getDocument());
        GraphQLSchema schema = parameters.getExecutionContext().getGraphQLSchema();
        Map<String, Object> raw = parameters.getExecutionContext().getExecutionInput().getRawVariables().toMap();
        for (VariableDefinition definition : parameters.getExecutionContext().getOperationDefinition()
                .getVariableDefinitions()) {
            if (raw.containsKey(definition.getName())) {
                check("$" + definition.getName(), raw.get(definition.getName()), inputType(schema, definition.getType()));
            }
        }
        return super.beginExecuteOperation(parameters, state);
    }

    private static void checkLiterals(Node<?> node) {
        if (node instanceof IntValue literal && !fitsInt(literal.getValue())) {
            throw refusal("The Int " + Echo.quoted(literal.getValue().toString()) + " in the document is out of range "
                    + "(-2147483648 to 2147483647).");
        }
        for (Node<?> child : node.getChildren()) {
            checkLiterals(child);
        }
    }

    private static void check(String path, Object value, GraphQLInputType type) {
        if (type instanceof GraphQLNonNull nonNull) {
            if (value == null) {
                throw refusal(path + " is required.");
            }
            check(path, value, (GraphQLInputType) nonNull.getWrappedType());
            return;
        }
        if (value == null || type == null) {
            return;
        }
        if (type instanceof GraphQLList list) {
            GraphQLInputType items = (GraphQLInputType) list.getWrappedType();
            if (value instanceof List<?> values) {
                for (int i = 0; i < values.size(); i++) {
                    check(path + "[" + i + "]", values.get(i), items);
                }
            } else {
                check(path, value, items);
            }
        } else if (type instanceof GraphQLInputObjectType object) {
            checkObject(path, value, object);
        } else if (type instanceof GraphQLEnumType enumType) {
            if (!(value instanceof String name) || enumType.getValue(name) == null) {
                throw refusal(path + " must be one of " + enumType.getValues().stream().map(v -> v.getName()).toList()
                        + " (got " + Echo.quoted(String.valueOf(value)) + ").");
            }
        } else if (type instanceof GraphQLScalarType scalar) {
            checkScalar(path, value, scalar.getName());
        }
    }

    private static void checkObject(String path, Object value, GraphQLInputObjectType object) {
        if (!(value instanceof Map<?, ?> fields)) {
            throw refusal(path + " must be an object of type " + object.getName() + ".");
        }
        for (Object name : fields.keySet()) {
            if (object.getField(String.valueOf(name)) == null) {
                throw refusal(path + " has a field " + Echo.quoted(String.valueOf(name)) + " that " + object.getName()
                        + " does not have; its fields are " + object.getFields().stream()
                                .map(GraphQLInputObjectField::getName).toList()
                        + ".");
            }
        }
        for (GraphQLInputObjectField field : object.getFields()) {
            check(path + "." + field.getName(), fields.get(field.getName()), field.getType());
        }
    }

    private static void checkScalar(String path, Object value, String scalar) {
        switch (scalar) {
            case "Int":
                if (!(value instanceof Number number) || !isWhole(number) || !fitsInt(whole(number))) {
                    throw refusal(path + " must be a whole number from -2147483648 to 2147483647 (got "
                            + Echo.quoted(String.valueOf(value)) + ").");
                }
                break;
            case "Float":
                if (!(value instanceof Number)) {
                    throw refusal(path + " must be a number (got " + Echo.quoted(String.valueOf(value)) + ").");
                }
                break;
            case "Boolean":
                if (!(value instanceof Boolean)) {
                    throw refusal(path + " must be true or false (got " + Echo.quoted(String.valueOf(value)) + ").");
                }
                break;
            case "ID":
                if (!(value instanceof String) && !(value instanceof Number number && isWhole(number))) {
                    throw refusal(path + " must be a string (got " + Echo.quoted(String.valueOf(value)) + ").");
                }
                break;
            default:
                // String, DateTime and the other string-shaped scalars.
                if (!(value instanceof String)) {
                    throw refusal(path + " must be a string (got " + Echo.quoted(String.valueOf(value)) + ").");
                }
        }
    }

    private static boolean isWhole(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof BigInteger
                || number instanceof Short || number instanceof Byte) {
            return true;
        }
        try {
            BigDecimal decimal = new BigDecimal(number.toString());
            return decimal.stripTrailingZeros().scale() <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static BigInteger whole(Number number) {
        return number instanceof BigInteger big ? big : new BigDecimal(number.toString()).toBigInteger();
    }

    private static boolean fitsInt(BigInteger value) {
        return value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0;
    }

    private static GraphQLInputType inputType(GraphQLSchema schema, Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            GraphQLInputType inner = inputType(schema, nonNull.getType());
            return inner == null ? null : GraphQLNonNull.nonNull(inner);
        }
        if (type instanceof ListType list) {
            GraphQLInputType inner = inputType(schema, list.getType());
            return inner == null ? null : GraphQLList.list(inner);
        }
        GraphQLType named = schema.getType(((TypeName) type).getName());
        return named instanceof GraphQLInputType input ? input : null;
    }

    private static AbortExecutionException refusal(String message) {
        return new AbortExecutionException(message);
    }
}
