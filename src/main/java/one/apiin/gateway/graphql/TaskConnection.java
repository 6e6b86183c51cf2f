package one.apiin.gateway.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.NonNull;

/** A page of tasks, Relay style. */
public record TaskConnection(@NonNull List<@NonNull TaskEdge> edges, @NonNull PageInfo pageInfo) {

    public record TaskEdge(@NonNull String cursor, @NonNull TaskView node) {
    }

    public record PageInfo(@NonNull boolean hasNextPage, String endCursor) {
    }
}
