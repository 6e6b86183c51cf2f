package one.apiin.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which refusals say that a model itself is gone (and may retire it), and which are about what was asked of it. */
class ModelUnavailableTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "404 | Model grok-imagine not found | true",
            "400 | The model imagen4 is no longer available | true",
            "400 | model 'imagen4-ultra' does not exist | true",
            "410 | This model has been discontinued | true",
            "400 | Unknown model: imagen4 | true",
            "422 | Unsupported model ideogram-v3-turbo | true",
            "400 | Model imagen4 is deprecated and was shut down | true",
            "400 | Parameter quality is not supported by model gpt-image-1.5-official | false",
            "400 | model gpt-image-1.5-official: value ultra of quality is invalid | false",
            "400 | Invalid aspect_ratio for model kling-image-o1 | false",
            "400 | prompt is required | false",
            "401 | Invalid API key | false",
            "402 | Model access requires credits: not available | false",
            "500 | Model not available | false",
            "404 | Task not found | false" })
    void onlyARefusalNamingTheModelAsNotServedCounts(int status, String message, boolean gone) {
        assertThat(ModelUnavailable.says(new UpstreamError(status, message, null))).as(message).isEqualTo(gone);
    }
}
