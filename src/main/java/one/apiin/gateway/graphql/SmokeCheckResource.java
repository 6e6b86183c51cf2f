package one.apiin.gateway.graphql;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.generation.SmokeCheck;

/** Admins check, after a deploy, that the configured upstream serves every ACTIVE model of the catalog. */
@GraphQLApi
public class SmokeCheckResource {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    SmokeCheck smokeCheck;

    @Type("ModelSmokeResult")
    @Description("What the upstream answered to one cheap creation for a model")
    public record ModelSmokeResult(
            @NonNull @Description("The catalog's model id") String model,
            @NonNull @Description("The model id sent upstream (a tier's own id where an option is sent as the model)") String upstreamModel,
            @NonNull @Description("What the generation costs when it completes (0 when refused)") int credits,
            @NonNull @Description("CREATED, REFUSED <code>, UNREADABLE (accepted, answer unusable) or UNKNOWN (no answer)") String outcome,
            @Description("The upstream's task id when CREATED") String upstreamTaskId,
            @Description("The upstream's (redacted) words or the reason, when not CREATED") String message) {
    }

    @Mutation("smokeCheckModels")
    @Description("Admins: one cheap generation per ACTIVE model against the configured upstream, one after another, and "
            + "what it answered; the generations are real and billed to the key used (see docs/catalog.md)")
    public Uni<@NonNull List<@NonNull ModelSmokeResult>> smokeCheckModels() {
        return Resolvers.guarded(() -> {
            Caller admin = callers.requireAdmin(identity);
            return smokeCheck.run(admin.upstreamKey()).map(results -> results.stream()
                    .map(r -> new ModelSmokeResult(r.model(), r.upstreamModel(), r.credits(), r.outcome(),
                            r.upstreamTaskId(), r.message()))
                    .toList());
        });
    }
}
