package one.apiin.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The catalog file's format: what an entry may leave out, and the option entries it refuses. */
public class ModelCatalogTest {

    static final String WITH_OPTIONS = "src/test/resources/catalog/with-options.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    /** A catalog read from a file, as an operator's override is. */
    public static ModelCatalog catalog(String path) {
        return new ModelCatalog(new Config(Optional.of(path), false), MAPPER);
    }

    public record Config(Optional<String> file, boolean fallbacks) implements CatalogConfig {
    }

    @Test
    void anEntryLeavingTheNewFieldsOutIsActiveWithoutOptionsOrReferenceImages() {
        ImageModel plain = catalog(WITH_OPTIONS).find("plain").orElseThrow();
        assertThat(plain.options()).isEmpty();
        assertThat(plain.maxReferenceImages()).isZero();
        assertThat(plain.status()).isEqualTo(ModelStatus.ACTIVE);
        assertThat(plain.retiresOn()).isNull();
        assertThat(plain.replacement()).isNull();
    }

    @Test
    void optionsStatusAndRetirementAreRead() {
        ImageModel optioned = catalog(WITH_OPTIONS).find("optioned").orElseThrow();
        ModelOption quality = optioned.option("quality").orElseThrow();
        assertThat(quality.defaultValue()).isEqualTo("medium");
        assertThat(quality.values()).containsExactly(new ModelOptionValue("medium", 10), new ModelOptionValue("high", 28));
        assertThat(optioned.maxReferenceImages()).isEqualTo(2);
        assertThat(optioned.status()).isEqualTo(ModelStatus.DEPRECATED);
        assertThat(optioned.retiresOn()).isEqualTo(OffsetDateTime.parse("2026-08-17T00:00:00Z"));
        assertThat(optioned.replacement()).isEqualTo("plain");
    }

    @Test
    void theBuiltInCatalogHoldsTheContractsOptionsPricesAndReferenceImages() {
        List<ImageModel> models = ModelCatalog.read(Optional.empty(), MAPPER);
        assertThat(models).hasSize(7).allSatisfy(model -> assertThat(model.status()).isEqualTo(ModelStatus.ACTIVE));
        ModelCatalog catalog = new ModelCatalog(new Config(Optional.empty(), false), MAPPER);
        assertThat(prices(catalog, "gpt-image-1.5-official", "quality")).containsExactly("medium=10", "high=28");
        assertThat(prices(catalog, "ideogram-v3", "speed")).containsExactly("turbo=8", "balanced=13", "quality=20");
        assertThat(prices(catalog, "ideogram-v3", "style")).containsExactly("Auto=8", "General=8", "Realistic=8",
                "Design=8");
        assertThat(prices(catalog, "kling-image-o1", "type")).containsExactly("image-to-image=6", "ai-multi-shot=16");
        assertThat(prices(catalog, "kling-image-o1", "resolution")).containsExactly("1k=6", "2k=6");
        ImageModel ideogram = catalog.find("ideogram-v3").orElseThrow();
        assertThat(ideogram.option("speed").orElseThrow().upstreamName()).isEqualTo(ModelOption.AS_MODEL);
        assertThat(ideogram.option("speed").orElseThrow().value("balanced").orElseThrow().upstreamValue())
                .isEqualTo("ideogram-v3-balanced");
        assertThat(catalog.find("kling-image-o1").orElseThrow().maxReferenceImages()).isEqualTo(10);
        assertThat(catalog.find("kling-image-o1").orElseThrow().referenceImagesField()).isEqualTo("images");
        assertThat(catalog.find("gpt-image-1.5-official").orElseThrow().referenceImagesField()).isEqualTo("input_urls");
        assertThat(catalog.find("imagen4").orElseThrow().maxReferenceImages()).isZero();
    }

    @Test
    void theKubernetesCatalogComponentStartsAsTheBuiltInCatalog() {
        // k8s/components/catalog/models.json is what an operator edits: it must be this release's catalog, and valid.
        List<ImageModel> component = ModelCatalog.read(Optional.of("k8s/components/catalog/models.json"), MAPPER);
        assertThat(component).as("copy src/main/resources/catalog/models.json to k8s/components/catalog/")
                .isEqualTo(ModelCatalog.read(Optional.empty(), MAPPER));
        assertThat(CatalogRules.problems(component)).isEmpty();
    }

    @Test
    void aBadFileIsRefusedNamingEachEntryAndRule(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("models.json");
        Files.writeString(file, """
                [{"id": "a", "family": "test", "name": "A", "creditsPerImage": 10, "aspectRatios": ["1:1"],
                  "maxImages": 1, "supportsNegativePrompt": false, "supportsSeed": false, "status": "RETIRED",
                  "replacement": "gone", "maxReferenceImages": 2,
                  "options": [{"name": "seed", "default": "x", "values": [{"value": "x", "creditsPerImage": 9}]}]},
                 {"id": "a", "family": "test", "name": "A", "creditsPerImage": 1, "aspectRatios": [], "maxImages": 0,
                  "supportsNegativePrompt": false, "supportsSeed": false}]
                """);
        assertThatThrownBy(() -> catalog(file.toString())).hasMessageContainingAll(
                "entry 1 (a): referenceImagesField",
                "entry 1 (a): option seed must not be sent as seed",
                "entry 1 (a): option seed: the default value's creditsPerImage (9) must equal the model's creditsPerImage (10)",
                "entry 1 (a): replacement gone is not in the catalog",
                "entry 2 (a): the id is used by an earlier entry",
                "entry 2 (a): aspectRatios must list at least one ratio",
                "entry 2 (a): maxImages must be 1 or more");
    }

    @Test
    void anUnknownFieldOrAWrongValueIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("models.json");
        Files.writeString(file, """
                [{"id": "typo", "family": "test", "name": "T", "creditsPerImage": 1, "aspectRatios": ["1:1"],
                  "maxImages": 1, "supportsNegativePrompt": false, "supportsSeed": false, "maxReferenceImage": 3},
                 {"id": "status", "family": "test", "name": "S", "creditsPerImage": 1, "aspectRatios": ["1:1"],
                  "maxImages": 1, "supportsNegativePrompt": false, "supportsSeed": false, "status": "GONE"}]
                """);
        assertThatThrownBy(() -> catalog(file.toString())).hasMessageContainingAll(file.toString(),
                "entry 1 (typo): maxReferenceImage is not a catalog field",
                "entry 2 (status): status has a value of the wrong type or form");
        Files.writeString(file, "[{\"id\": ");
        assertThatThrownBy(() -> catalog(file.toString())).hasMessageContaining("is not valid JSON (line 1");
        assertThatThrownBy(() -> catalog(dir.resolve("missing.json").toString())).hasMessageContaining("does not exist");
    }

    private static List<String> prices(ModelCatalog catalog, String model, String option) {
        return catalog.find(model).orElseThrow().option(option).orElseThrow().values().stream()
                .map(value -> value.value() + "=" + value.creditsPerImage()).toList();
    }

    @Test
    void anOptionWhoseDefaultIsNotAmongItsValuesIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("models.json");
        Files.writeString(file, """
                [{"id": "bad", "family": "test", "name": "Bad", "creditsPerImage": 1, "aspectRatios": ["1:1"],
                  "maxImages": 1, "supportsNegativePrompt": false, "supportsSeed": false,
                  "options": [{"name": "quality", "default": "ultra", "values": [{"value": "high", "creditsPerImage": 2}]}]}]
                """);
        assertThatThrownBy(() -> catalog(file.toString()))
                .hasMessageContaining("entry 1 (bad): option quality: default ultra must be one of its values");
    }
}
