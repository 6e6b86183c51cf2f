package one.apiin.gateway.graphql;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.smallrye.graphql.spi.EventingService;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.InvalidSyntaxError;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.validation.ValidationError;

/**
 * The contract wants {@code extensions.code} on every error, but documents that fail GraphQL's own parsing or
 * validation (an unknown field, a missing required input field, a value of the wrong type) reach no resolver
 * and carry none. This adds BAD_USER_INPUT to them. Registered through ServiceLoader; SmallRye GraphQL builds
 * no instrumentation of its own unless query complexity, depth or federation tracing is configured (none is).
 */
public class DocumentErrorCodes implements EventingService {

    static final Map<String, Object> BAD_USER_INPUT = Map.of("code", "BAD_USER_INPUT");

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        return builder.instrumentation(new ChainedInstrumentation(List.of(new Coder())));
    }

    static final class Coder extends SimplePerformantInstrumentation {
        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            if (result.getErrors().stream().noneMatch(Coder::documentError)) {
                return CompletableFuture.completedFuture(result);
            }
            List<GraphQLError> errors = result.getErrors().stream().map(Coder::withCode).toList();
            return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(errors)));
        }

        private static boolean documentError(GraphQLError error) {
            return error instanceof ValidationError || error instanceof InvalidSyntaxError;
        }

        private static GraphQLError withCode(GraphQLError error) {
            if (error instanceof ValidationError validation) {
                return ValidationError.newValidationError()
                        .validationErrorType(validation.getValidationErrorType())
                        .sourceLocations(validation.getLocations())
                        .description(validation.getDescription())
                        .queryPath(validation.getQueryPath())
                        .extensions(BAD_USER_INPUT)
                        .build();
            }
            if (error instanceof InvalidSyntaxError) {
                return GraphqlErrorBuilder.newError().message(error.getMessage()).locations(error.getLocations())
                        .extensions(BAD_USER_INPUT).build();
            }
            return error;
        }
    }
}
