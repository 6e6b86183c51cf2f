package one.apiin.gateway.graphql;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelLifecycle;
import one.apiin.gateway.catalog.ModelStatus;
import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.support.Echo;

@GraphQLApi
public class ModelResource {

    @Inject
    ModelCatalog catalog;
    @Inject
    ModelLifecycle lifecycle;

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;

    @Query("models")
    @Description("Every model the gateway routes to")
    public @NonNull List<@NonNull ImageModel> models() {
        return catalog.all().stream().map(model -> lifecycle.find(model.id()).orElse(model)).toList();
    }

    @Mutation("restoreModel")
    @Description("Admins: the upstream serves this model again: lift its retirement at run time (an upstream answer "
            + "that it was gone, with GATEWAY_CATALOG_FALLBACKS on), on every replica within seconds; a catalog "
            + "file's RETIRED is not lifted (edit the file)")
    public Uni<@NonNull ImageModel> restoreModel(@NonNull @Name("id") String id) {
        return Resolvers.guarded(() -> {
            callers.requireAdmin(identity);
            return lifecycle.restore(id).map(lifted -> {
                if (lifted == null) {
                    throw new BadUserInputException(List.of(new BadUserInputException.FieldError("id",
                            "there is no model " + Echo.printable(id, 64) + " in the catalog")));
                }
                ImageModel model = lifecycle.find(id).orElseThrow();
                if (!lifted && model.status() == ModelStatus.RETIRED) {
                    throw new BadUserInputException(List.of(new BadUserInputException.FieldError("id", "model " + id
                            + " is RETIRED in the catalog itself, not at run time: change GATEWAY_CATALOG_FILE")));
                }
                return model;
            });
        });
    }
}
