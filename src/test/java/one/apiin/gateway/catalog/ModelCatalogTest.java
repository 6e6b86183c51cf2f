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
class ModelCatalogTest {

    static final String WITH_OPTIONS = "src/test/resources/catalog/with-options.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    /** A catalog read from a file, as an operator's override is. */
    public static ModelCatalog catalog(String path) {
        return new ModelCatalog(() -> Optional.of(path), MAPPER);
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
    void theBuiltInCatalogListsNoOptionsNorReferenceImagesYet() {
        List<ImageModel> models = ModelCatalog.read(Optional.empty(), MAPPER);
        assertThat(models).hasSize(7).allSatisfy(model -> {
            assertThat(model.options()).isEmpty();
            assertThat(model.maxReferenceImages()).isZero();
            assertThat(model.status()).isEqualTo(ModelStatus.ACTIVE);
        });
    }

    @Test
    void anOptionWhoseDefaultIsNotAmongItsValuesIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("models.json");
        Files.writeString(file, """
                [{"id": "bad", "family": "test", "name": "Bad", "creditsPerImage": 1, "aspectRatios": ["1:1"],
                  "maxImages": 1, "supportsNegativePrompt": false, "supportsSeed": false,
                  "options": [{"name": "quality", "default": "ultra", "values": [{"value": "high", "creditsPerImage": 2}]}]}]
                """);
        assertThatThrownBy(() -> catalog(file.toString())).hasMessageContaining("bad is incomplete");
    }
}
