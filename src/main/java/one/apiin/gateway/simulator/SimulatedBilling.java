package one.apiin.gateway.simulator;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;

/** What the simulated upstream bills for a completed generation: the catalog's price per image, per image. */
@ApplicationScoped
class SimulatedBilling {

    private final ModelCatalog catalog;

    SimulatedBilling(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    long of(String model, int numImages) {
        return (long) catalog.find(model).map(ImageModel::creditsPerImage).orElse(0) * numImages;
    }
}
