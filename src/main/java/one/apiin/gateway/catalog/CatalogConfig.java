package one.apiin.gateway.catalog;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.catalog")
public interface CatalogConfig {

    /**
     * A JSON file that replaces the catalog built into the service (same format as
     * {@code src/main/resources/catalog/models.json}), so that a model can be added, repriced or retired without a
     * release.
     */
    Optional<String> file();

    /**
     * Whether a request for a RETIRED model runs on its replacement (at the replacement's price) instead of being
     * refused, and whether an upstream answer that the model itself is gone retires it.
     */
    @WithDefault("false")
    boolean fallbacks();
}
