package one.apiin.gateway.graphql.guard;

import java.util.Map;
import java.util.Set;

import one.apiin.gateway.auth.ApiKeys;

import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;

/**
 * GATEWAY_PERSISTED_DOCUMENTS=trusted on every transport: a document outside the manifest does not run, whether it came
 * over HTTP (where the transport refuses it first) or a websocket (where SmallRye reads the message itself).
 */
final class TrustedOnly extends SimplePerformantInstrumentation {

    private final Set<String> hashes;

    TrustedOnly(Map<String, String> manifest) {
        this.hashes = Set.copyOf(manifest.keySet());
    }

    @Override
    public InstrumentationContext<graphql.ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        String document = parameters.getExecutionContext().getExecutionInput().getQuery();
        if (!hashes.contains(ApiKeys.sha256Hex(document))) {
            throw new NotInList();
        }
        return super.beginExecuteOperation(parameters, state);
    }

    /** Refused as the contract says: PERSISTED_QUERY_NOT_IN_LIST (ErrorShape keeps this code). */
    static final class NotInList extends AbortExecutionException {
        NotInList() {
            super(TrustedManifest.NOT_IN_LIST_MESSAGE);
        }

        @Override
        public Map<String, Object> getExtensions() {
            return Map.of("code", TrustedManifest.NOT_IN_LIST);
        }
    }
}
