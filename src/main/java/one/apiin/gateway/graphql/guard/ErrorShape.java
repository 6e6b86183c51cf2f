package one.apiin.gateway.graphql.guard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import one.apiin.gateway.error.Failures;
import one.apiin.gateway.error.GatewayException;

import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;

/**
 * One error shape for every result: each error carries the contract's {@code extensions.code}, only the extensions
 * that apply ({@code retryAfterSeconds} where known, {@code fields} for input rules), and a message for people:
 * documents that do not parse or validate, variables of the wrong shape and refused operations are BAD_USER_INPUT,
 * without graphql-java's internals; anything unexpected is INTERNAL and says nothing of internals.
 */
final class ErrorShape extends SimplePerformantInstrumentation {

    private static final int MESSAGE_LIMIT = 400;
    private static final Pattern VALIDATION_PREFIX = Pattern.compile("^Validation error \\([^)]*\\)\\s*:\\s*");
    /** graphql-java quotes whole AST values ("with value 'ObjectValue{objectFields=[…]}'"): said without them. */
    private static final Pattern AST_VALUE = Pattern.compile(" with value '(?:[A-Z][A-Za-z]*Value\\{.*?\\}|.{0,200}?)'(?= )",
            Pattern.DOTALL);

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (result.getErrors().isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        boolean others = result.getErrors().stream().anyMatch(error -> !nullBubble(error));
        List<GraphQLError> errors = result.getErrors().stream()
                // A resolver that failed leaves a null in a non-null field: one error says it, not two.
                .filter(error -> !(others && nullBubble(error)))
                .map(ErrorShape::shaped)
                .toList();
        return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(errors)));
    }

    private static boolean nullBubble(GraphQLError error) {
        return error.getErrorType() == ErrorType.NullValueInNonNullableField;
    }

    static GraphQLError shaped(GraphQLError error) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        String message;
        if (error instanceof ExceptionWhileDataFetching fetching) {
            // Anything unexpected is logged (exception classes only) and becomes INTERNAL, as everywhere else.
            GatewayException gateway = Failures.toClientError(fetching.getException());
            extensions.put("code", gateway.code());
            extensions.putAll(gateway.extensions());
            message = gateway.getMessage();
        } else if (isClientMistake(error)) {
            boolean notInList = error.getExtensions() != null
                    && TrustedManifest.NOT_IN_LIST.equals(error.getExtensions().get("code"));
            extensions.put("code", notInList ? TrustedManifest.NOT_IN_LIST : "BAD_USER_INPUT");
            message = readable(error.getMessage());
        } else {
            Object code = error.getExtensions() == null ? null : error.getExtensions().get("code");
            extensions.put("code", code == null ? "INTERNAL" : code.toString());
            message = code == null ? Failures.INTERNAL_MESSAGE : error.getMessage();
        }
        return new ShapedError(cap(message), error.getLocations(), error.getPath(), extensions, error.getErrorType());
    }

    /** Errors of the request itself: syntax, validation, variable coercion, refused operations. */
    private static boolean isClientMistake(GraphQLError error) {
        return error.getErrorType() == ErrorType.InvalidSyntax || error.getErrorType() == ErrorType.ValidationError
                || error.getErrorType() == ErrorType.ExecutionAborted;
    }

    static String readable(String message) {
        if (message == null) {
            return "The request is not valid GraphQL.";
        }
        String text = VALIDATION_PREFIX.matcher(message).replaceFirst("");
        return AST_VALUE.matcher(text).replaceAll("").strip();
    }

    private static String cap(String message) {
        return message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT) + "…";
    }
}
