package one.apiin.gateway.images;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The store GATEWAY_IMAGES_STORE names; the S3 client is created only when it is the one. */
@ApplicationScoped
class ImageStores {

    @Produces
    @Singleton
    ImageStore store(ImagesConfig config, Instance<PostgresImageStore> postgres, Instance<S3ImageStore> s3) {
        return config.store() == ImagesConfig.Store.S3 ? s3.get() : postgres.get();
    }
}
