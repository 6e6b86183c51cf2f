package one.apiin.gateway.graphql;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.auth.GatewayKeys;
import one.apiin.gateway.support.SafeContext;

/** Admins issue, list and revoke gateway keys. */
@GraphQLApi
public class ApiKeyResource {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    GatewayKeys keys;
    @Inject
    Vertx vertx;

    @Query("apiKeys")
    @Description("Admins: the keys the gateway issued")
    public Uni<@NonNull List<@NonNull ApiKeyView>> apiKeys() {
        return Resolvers.guarded(() -> {
            callers.requireAdmin(identity);
            return SafeContext.run(vertx, keys::list).map(list -> list.stream().map(ApiKeyView::of).toList());
        });
    }

    @Mutation("createApiKey")
    @Description("Admins: issue a gateway key")
    public Uni<@NonNull CreatedApiKey> createApiKey(@NonNull CreateApiKeyInput input) {
        return Resolvers.guarded(() -> keys.create(input.toRequest(), callers.requireAdmin(identity))
                .map(created -> new CreatedApiKey(created.key(), ApiKeyView.of(created.info()))));
    }

    @Mutation("revokeApiKey")
    @Description("Admins: revoke a gateway key; null when there is no such key")
    public Uni<ApiKeyView> revokeApiKey(@NonNull @Id String id) {
        return Resolvers.guarded(() -> {
            callers.requireAdmin(identity);
            return keys.revoke(id).map(key -> key == null ? null : ApiKeyView.of(key));
        });
    }
}
