package one.apiin.gateway.simulator;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelOption;
import one.apiin.gateway.catalog.ModelOptionValue;

/**
 * What the simulated upstream bills for a completed generation, per image, read from the body as the upstream sees
 * it: the model by its upstream id (an ideogram tier's id is that tier), each parameter by its upstream name and value;
 * a parameter left out is the model's default. The prices are the catalog's.
 */
@ApplicationScoped
class SimulatedBilling {

    private final ModelCatalog catalog;

    SimulatedBilling(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    long of(CreateRequest request, int numImages) {
        return catalog.byUpstreamId(request.model()).map(model -> (long) perImage(model, request) * numImages).orElse(0L);
    }

    private int perImage(ImageModel model, CreateRequest request) {
        int credits = model.creditsPerImage();
        for (ModelOption option : model.options()) {
            Object sent = option.upstreamName().equals(ModelOption.AS_MODEL) ? request.model()
                    : request.parameters().get(option.upstreamName());
            credits += option.values().stream().filter(value -> value.upstreamValue().equals(sent)).findFirst()
                    .map(ModelOptionValue::creditsPerImage).orElse(option.defaultCredits()) - option.defaultCredits();
        }
        return credits;
    }
}
