package one.apiin.gateway.graphql;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.generation.Estimate;
import one.apiin.gateway.generation.Estimates;

@GraphQLApi
public class EstimateResource {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    Estimates estimates;

    @Query("estimate")
    @Description("The price of a request before it is made (the same validation as generateImage)")
    public Uni<@NonNull Estimate> estimate(@NonNull GenerateImageInput input) {
        return Resolvers.guarded(() -> callers.active(identity)
                .chain(caller -> estimates.estimate(caller, input.toRequest(), input.cache)));
    }
}
