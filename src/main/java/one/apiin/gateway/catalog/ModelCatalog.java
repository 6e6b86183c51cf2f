package one.apiin.gateway.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.Startup;

/** The models the gateway routes to, read once at start from the catalog file. */
@Startup
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    static final String BUILT_IN = "catalog/models.json";

    private final Map<String, ImageModel> models;

    public ModelCatalog(CatalogConfig config, ObjectMapper mapper) {
        this.models = index(read(config.path(), mapper));
        LOG.infof("Model catalog: %d models (%s)", models.size(), config.path().orElse("built in"));
    }

    public List<ImageModel> all() {
        return List.copyOf(models.values());
    }

    public Optional<ImageModel> find(String id) {
        return Optional.ofNullable(id == null ? null : models.get(id));
    }

    static List<ImageModel> read(Optional<String> path, ObjectMapper mapper) {
        try (InputStream in = path.isPresent()
                ? Files.newInputStream(Path.of(path.get()))
                : Thread.currentThread().getContextClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("The built-in catalog " + BUILT_IN + " is missing");
            }
            return mapper.readValue(in, new TypeReference<List<ImageModel>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the model catalog", e);
        }
    }

    private static Map<String, ImageModel> index(List<ImageModel> list) {
        Map<String, ImageModel> byId = new LinkedHashMap<>();
        for (ImageModel model : list) {
            if (byId.put(model.id(), model) != null) {
                throw new IllegalStateException("The model catalog lists " + model.id() + " twice");
            }
            if (model.aspectRatios().isEmpty() || model.maxImages() < 1 || model.creditsPerImage() < 0
                    || model.maxReferenceImages() < 0 || !model.options().stream().allMatch(ModelCatalog::complete)
                    || model.options().stream().map(ModelOption::name).distinct().count() < model.options().size()) {
                throw new IllegalStateException("The model catalog entry " + model.id() + " is incomplete");
            }
            if (!model.options().isEmpty() || model.maxReferenceImages() > 0) {
                LOG.warnf("The model catalog lists options or reference images for %s: requests are checked against "
                        + "them, but neither is sent upstream nor priced yet", model.id());
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalStateException("The model catalog is empty");
        }
        return Collections.unmodifiableMap(byId);
    }

    /** An option with a name, distinct values of known price, and a default among them. */
    private static boolean complete(ModelOption option) {
        return option.name() != null && !option.name().isBlank() && option.value(option.defaultValue()).isPresent()
                && option.values().stream().allMatch(v -> v.value() != null && v.creditsPerImage() >= 0)
                && option.valueNames().stream().distinct().count() == option.values().size();
    }
}
