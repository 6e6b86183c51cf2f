package one.apiin.gateway.catalog;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "gateway.catalog")
public interface CatalogConfig {

    /**
     * A JSON file that replaces the catalog built into the service (same format as
     * {@code src/main/resources/catalog/models.json}), so that a model can be added or retired without a release.
     */
    Optional<String> path();
}
