package one.apiin.gateway.graphql.guard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.language.SourceLocation;

/**
 * An error as the contract shapes it: message, locations, path and exactly the extensions given (graphql-java's
 * own errors add a {@code classification} that is not the contract's).
 */
record ShapedError(String message, List<SourceLocation> locations, List<Object> path, Map<String, Object> extensions,
        ErrorClassification type) implements GraphQLError {

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public List<SourceLocation> getLocations() {
        return locations;
    }

    @Override
    public List<Object> getPath() {
        return path;
    }

    @Override
    public Map<String, Object> getExtensions() {
        return extensions;
    }

    @Override
    public ErrorClassification getErrorType() {
        return type == null ? ErrorType.DataFetchingException : type;
    }

    @Override
    public Map<String, Object> toSpecification() {
        Map<String, Object> specification = new LinkedHashMap<>();
        specification.put("message", message);
        if (locations != null && !locations.isEmpty()) {
            specification.put("locations", locations.stream()
                    .map(location -> Map.of("line", location.getLine(), "column", location.getColumn())).toList());
        }
        if (path != null && !path.isEmpty()) {
            specification.put("path", path);
        }
        specification.put("extensions", extensions);
        return specification;
    }
}
