package one.apiin.gateway.graphql;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A model option a task was generated with. */
@Type("TaskOption")
public record TaskOption(@NonNull String name, @NonNull String value) {
}
