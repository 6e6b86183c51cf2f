package one.apiin.gateway.graphql;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelLifecycle;

@GraphQLApi
public class ModelResource {

    @Inject
    ModelCatalog catalog;
    @Inject
    ModelLifecycle lifecycle;

    @Query("models")
    @Description("Every model the gateway routes to")
    public @NonNull List<@NonNull ImageModel> models() {
        return catalog.all().stream().map(model -> lifecycle.find(model.id()).orElse(model)).toList();
    }
}
