package one.apiin.gateway.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("TaskError")
public record TaskErrorView(
        @NonNull @Description("Stable machine-readable code, e.g. UPSTREAM_FAILED, CONTENT_REJECTED, UPSTREAM_UNAVAILABLE") String code,
        @NonNull String message) {
}
