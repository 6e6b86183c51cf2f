package one.apiin.gateway.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.quarkus.runtime.Startup;

/**
 * The models the gateway routes to, read once at start from the catalog file: the built-in one, or the operator's
 * ({@code GATEWAY_CATALOG_FILE}), which replaces it whole. A file that breaks a rule stops the start, naming each
 * entry and rule.
 */
@Startup
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    static final String BUILT_IN = "catalog/models.json";

    private final Map<String, ImageModel> models;

    public ModelCatalog(CatalogConfig config, ObjectMapper mapper) {
        String source = config.file().orElse("the built-in catalog");
        this.models = index(read(config.file(), mapper), source);
        LOG.infof("Model catalog: %d models (%s)", models.size(), source);
    }

    public List<ImageModel> all() {
        return List.copyOf(models.values());
    }

    public Optional<ImageModel> find(String id) {
        return Optional.ofNullable(id == null ? null : models.get(id));
    }

    /** The model an upstream model id belongs to: its own id, or one of its tiers sent as the model (ideogram's). */
    public Optional<ImageModel> byUpstreamId(String upstreamId) {
        return find(upstreamId).or(() -> models.values().stream()
                .filter(model -> model.options().stream()
                        .anyMatch(option -> option.upstreamName().equals(ModelOption.AS_MODEL)
                                && option.values().stream().anyMatch(v -> v.upstreamValue().equals(upstreamId))))
                .findFirst());
    }

    /** The entries of the file, each read strictly (an unknown or mistyped field is an error naming its entry). */
    static List<ImageModel> read(Optional<String> path, ObjectMapper mapper) {
        String source = path.orElse(BUILT_IN);
        JsonNode root;
        try (InputStream in = path.isPresent()
                ? Files.newInputStream(Path.of(path.get()))
                : Thread.currentThread().getContextClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("The built-in catalog " + BUILT_IN + " is missing");
            }
            root = mapper.readTree(in);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("The model catalog " + source + " does not exist (GATEWAY_CATALOG_FILE)");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The model catalog " + source + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalStateException("The model catalog " + source + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalStateException("The model catalog " + source + " must be a JSON array of models");
        }
        ObjectReader strict = mapper.readerFor(ImageModel.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<ImageModel> models = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            try {
                models.add(strict.readValue(entry));
            } catch (IOException e) {
                String id = entry.path("id").asText(null);
                problems.add("entry " + (i + 1) + (id == null ? "" : " (" + id + ")") + ": " + describe(e));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(source, problems);
        }
        return models;
    }

    /** Jackson's words without its class names: the field and what is wrong with it. */
    private static String describe(IOException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    field.append('[').append(reference.getIndex()).append(']');
                }
            }
            String kind = e.getClass().getSimpleName().startsWith("Unrecognized") ? "is not a catalog field"
                    : e.getClass().getSimpleName().startsWith("MismatchedInput") && e.getMessage().contains("Missing")
                            ? "is required"
                            : "has a value of the wrong type or form";
            return field + " " + kind;
        }
        return "must be a JSON object of a model";
    }

    private static Map<String, ImageModel> index(List<ImageModel> list, String source) {
        List<String> problems = CatalogRules.problems(list);
        if (!problems.isEmpty()) {
            throw invalid(source, problems);
        }
        Map<String, ImageModel> byId = new LinkedHashMap<>();
        list.forEach(model -> byId.put(model.id(), model));
        return Collections.unmodifiableMap(byId);
    }

    private static IllegalStateException invalid(String source, List<String> problems) {
        return new IllegalStateException("The model catalog " + source + " is not valid: " + String.join("; ", problems));
    }
}
