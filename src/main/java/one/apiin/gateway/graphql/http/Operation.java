package one.apiin.gateway.graphql.http;

import java.util.List;
import java.util.Set;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;

/**
 * What the transport needs to know of a request's document before it runs it: the kind of the operation that will
 * run, and whether its answer is the same for every caller (then a CDN may share it). Only the root fields below are
 * caller-independent; anything else, fragments at the root included, counts as the caller's own.
 */
record Operation(Kind kind, boolean isPublic) {

    enum Kind {
        QUERY,
        MUTATION,
        SUBSCRIPTION,
        /** The document does not name one operation: execution says why. */
        UNKNOWN
    }

    /** Root fields whose answers depend on no caller: the catalog and the schema. */
    static final Set<String> PUBLIC_FIELDS = Set.of("models", "__typename", "__schema", "__type");

    /**
     * The operation of a parsed document: the request guard's, which refused the texts that do not parse and parses
     * each of the others once, not per request.
     */
    static Operation of(Document parsed, String operationName) {
        List<OperationDefinition> operations = parsed.getDefinitionsOfType(OperationDefinition.class);
        OperationDefinition chosen = null;
        for (OperationDefinition operation : operations) {
            if (operationName == null ? operations.size() == 1 : operationName.equals(operation.getName())) {
                chosen = operation;
            }
        }
        if (chosen == null) {
            return new Operation(Kind.UNKNOWN, false);
        }
        Kind kind = switch (chosen.getOperation()) {
            case MUTATION -> Kind.MUTATION;
            case SUBSCRIPTION -> Kind.SUBSCRIPTION;
            default -> Kind.QUERY;
        };
        return new Operation(kind, kind == Kind.QUERY && publicSelection(chosen.getSelectionSet().getSelections()));
    }

    private static boolean publicSelection(List<Selection> selections) {
        return !selections.isEmpty() && selections.stream()
                .allMatch(selection -> selection instanceof Field field && PUBLIC_FIELDS.contains(field.getName()));
    }
}
