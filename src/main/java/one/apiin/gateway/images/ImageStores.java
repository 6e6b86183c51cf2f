package one.apiin.gateway.images;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The store GATEWAY_IMAGES_STORE names. */
@ApplicationScoped
class ImageStores {

    @Produces
    @Singleton
    ImageStore store(PostgresImageStore postgres) {
        return postgres;
    }
}
