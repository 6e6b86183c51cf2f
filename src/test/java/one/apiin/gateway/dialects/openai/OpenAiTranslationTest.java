package one.apiin.gateway.dialects.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelOption;
import one.apiin.gateway.catalog.ModelOptionValue;
import one.apiin.gateway.catalog.ModelStatus;
import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.generation.ImageRequest;

class OpenAiTranslationTest {

    private static final ImageModel KLING = new ImageModel("kling-image-o1", "kling-image", "Kling Image O1", 6,
            List.of("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "21:9"), 9, false, false);
    private static final ImageModel IMAGEN = new ImageModel("imagen4", "imagen-4", "Imagen 4", 8,
            List.of("1:1", "4:3", "3:4", "16:9", "9:16"), 4, true, true);

    @ParameterizedTest
    @CsvSource({ "1024x1024, 1:1", "1792x1024, 16:9", "1024x1792, 9:16", "1536x1024, 3:2", "1024x1536, 2:3",
            "256x256, 1:1", "2560x1080, 21:9", "1280x960, 4:3" })
    void sizesGoToTheNearestRatioTheModelTakes(String size, String ratio) {
        assertThat(OpenAiTranslation.aspectRatio(size, KLING)).isEqualTo(ratio);
    }

    @Test
    void aRatioTheModelLacksGoesToItsNearest() {
        assertThat(OpenAiTranslation.aspectRatio("1536x1024", IMAGEN)).isEqualTo("4:3");
        assertThat(OpenAiTranslation.aspectRatio("1024x1536", IMAGEN)).isEqualTo("3:4");
        assertThat(OpenAiTranslation.aspectRatio("2560x1080", IMAGEN)).isEqualTo("16:9");
    }

    @Test
    void autoOrNoSizeIsTheModelsDefault() {
        assertThat(OpenAiTranslation.aspectRatio(null, IMAGEN)).isNull();
        assertThat(OpenAiTranslation.aspectRatio("auto", IMAGEN)).isNull();
    }

    @Test
    void aSizeThatIsNoSizeIsRefusedNamingIt() {
        for (String size : List.of("big", "1024", "0x1024", "1024x", "-1x5")) {
            assertThatThrownBy(() -> OpenAiTranslation.aspectRatio(size, IMAGEN)).as(size)
                    .isInstanceOf(BadUserInputException.class).hasMessageContaining("size must be WIDTHxHEIGHT");
        }
    }

    @Test
    void qualityBecomesTheModelsOptionWhereItHasOne() {
        ImageModel gpt = new ImageModel("gpt-image-1.5-official", "gpt-image", "GPT Image 1.5", 10,
                List.of("1:1", "2:3", "3:2"), 4, false, false, 30.0, List.of(new ModelOption("quality", "medium",
                        List.of(new ModelOptionValue("medium", 10), new ModelOptionValue("high", 28)))),
                0, ModelStatus.ACTIVE, null, null);
        assertThat(OpenAiTranslation.quality("high", gpt)).containsExactly(new ImageRequest.Option("quality", "high"));
        assertThat(OpenAiTranslation.quality("hd", gpt)).containsExactly(new ImageRequest.Option("quality", "high"));
        assertThat(OpenAiTranslation.quality("medium", gpt)).containsExactly(new ImageRequest.Option("quality", "medium"));
        assertThat(OpenAiTranslation.quality("standard", gpt)).isNull();
        assertThat(OpenAiTranslation.quality("auto", gpt)).isNull();
        assertThat(OpenAiTranslation.quality("low", gpt)).isNull();
        assertThat(OpenAiTranslation.quality("hd", IMAGEN)).isNull();
    }
}
