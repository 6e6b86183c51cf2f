package one.apiin.gateway.graphql;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.webhooks.WebhookSecrets;

/** The secret that signs an owner's webhook deliveries, for the receiver to verify them. */
@GraphQLApi
public class WebhookSecretResource {

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    WebhookSecrets secrets;

    @Query("webhookSecret")
    @Description("The Standard Webhooks secret (whsec_…) that signs the callback_url deliveries of an owner's tasks:"
            + " the caller's own without owner; admins may name any owner (as usageByOwner lists them)")
    public Uni<@NonNull String> webhookSecret(@Description("An owner, as usageByOwner names it; admins only") String owner) {
        return Resolvers.guarded(() -> callers.active(identity).map(caller -> {
            Caller asked = owner == null ? caller : callers.requireAdmin(identity);
            return secrets.of(owner == null ? asked.owner() : owner);
        }));
    }
}
