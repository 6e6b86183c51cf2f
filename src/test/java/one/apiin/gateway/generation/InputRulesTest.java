package one.apiin.gateway.generation;

import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.errorMessage;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.BadUserInputException.FieldError;
import one.apiin.gateway.generation.ImageRequest.Option;
import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

/** Every input rule of the contract: BAD_USER_INPUT naming the field, nothing sent upstream, nothing stored. */
@QuarkusTest
class InputRulesTest {

    private static final Map<String, Object> QUALITY_HIGH = Map.of("name", "quality", "value", "high");
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of(input("prompt", "  hi  "), "prompt must be 3 to 5000 characters"),
                Arguments.of(input("prompt", "x".repeat(5001)), "prompt must be 3 to 5000 characters"),
                Arguments.of(input("prompt", "a cat", "model", "imagen5"), "model 'imagen5' is not in the catalog"),
                Arguments.of(input("prompt", "a cat", "aspectRatio", "21:9"), "aspectRatio must be one of 1:1, 4:3"),
                Arguments.of(input("prompt", "a cat", "model", "grok-imagine", "aspectRatio", "16:9"),
                        "aspectRatio must be one of 1:1 for grok-imagine"),
                Arguments.of(input("prompt", "a cat", "model", "imagen4-fast", "numImages", 5),
                        "numImages must be between 1 and 4 for imagen4-fast"),
                Arguments.of(input("prompt", "a cat", "numImages", 0), "numImages must be between 1 and 4"),
                Arguments.of(input("prompt", "a cat", "model", "kling-image-o1", "numImages", 10),
                        "numImages must be between 1 and 9 for kling-image-o1"),
                Arguments.of(input("prompt", "a cat", "model", "grok-imagine", "numImages", 2),
                        "numImages must be 1 for grok-imagine"),
                Arguments.of(input("prompt", "a cat", "model", "grok-imagine", "negativePrompt", "dogs"),
                        "negativePrompt is not supported by grok-imagine"),
                Arguments.of(input("prompt", "a cat", "negativePrompt", "d".repeat(5001)),
                        "negativePrompt must be at most 5000 characters"),
                Arguments.of(input("prompt", "a cat", "seed", -1), "seed must be between 0 and 2147483647"),
                Arguments.of(input("prompt", "a cat", "model", "gpt-image-1.5-official", "seed", 7),
                        "seed is not supported by gpt-image-1.5-official"),
                Arguments.of(input("prompt", "a cat", "model", "imagen4-fast", "options", List.of(QUALITY_HIGH)),
                        "imagen4-fast has no option 'quality' (it takes none)"),
                Arguments.of(input("prompt", "a cat", "options", List.of(QUALITY_HIGH, QUALITY_HIGH)),
                        "options names 'quality' twice"),
                Arguments.of(input("prompt", "a cat", "model", "imagen4-fast", "referenceImages",
                        List.of("https://example.com/a.png")), "imagen4-fast takes no reference images"),
                Arguments.of(input("prompt", "a cat", "idempotencyKey", ""),
                        "idempotencyKey must be 1 to 255 characters (it has 0)"),
                Arguments.of(input("prompt", "a cat", "idempotencyKey", "k".repeat(256)),
                        "idempotencyKey must be 1 to 255 characters (it has 256)"),
                Arguments.of(input("prompt", "a cat", "idempotencyKey", "tab\tkey"),
                        "idempotencyKey must be printable ASCII"),
                Arguments.of(input("prompt", "a cat", "idempotencyKey", " padded"),
                        "idempotencyKey must be printable ASCII"),
                Arguments.of(input("prompt", "a cat", "idempotencyKey", "clé"),
                        "idempotencyKey must be printable ASCII"));
    }

    @ParameterizedTest
    @MethodSource("brokenRules")
    void aBrokenRuleIsRefusedBeforeAnythingHappens(Map<String, Object> input, String message) {
        String key = newKey();
        int attemptsBefore = Simulator.createAttempts();

        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", input));

        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(errorMessage(answer)).contains(message);
        assertThat(answer.getString("data")).isNull();
        assertThat(Simulator.createAttempts()).isEqualTo(attemptsBefore);
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
    }

    @Test
    void theNewRulesNameTheirFields() {
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input", input("prompt", "a cat",
                "options", List.of(QUALITY_HIGH), "referenceImages", List.of("https://example.com/a.png"),
                "idempotencyKey", "")));
        assertThat(answer.getList("errors[0].extensions.fields.field"))
                .containsExactlyInAnyOrder("options", "referenceImages", "idempotencyKey");
    }

    @Test
    void aValidIdempotencyKeyAndEmptyListsAreAccepted() {
        String key = newKey();
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", input("prompt", "a cat",
                "idempotencyKey", "order 17/" + "~".repeat(246), "options", List.of(), "referenceImages", List.of())));
        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        assertThat(answer.getString("data.generateImage.status")).isEqualTo("RUNNING");
    }

    /** Rules no built-in model can break yet (none lists options or takes reference images): an operator's catalog. */
    @Test
    void optionValuesAndReferenceImagesFollowTheCatalog() {
        RequestValidator validator = new RequestValidator(
                one.apiin.gateway.catalog.ModelCatalogTest.catalog("src/test/resources/catalog/with-options.json"));
        List<Option> ultra = List.of(new Option("quality", "ultra"));
        List<String> three = List.of("https://example.com/1.png", "https://example.com/2.png", "https://example.com/3.png");

        assertThat(refusal(validator, "optioned", ultra, null))
                .containsExactly(new FieldError("options", "quality must be one of medium, high for optioned"));
        assertThat(refusal(validator, "optioned", List.of(new Option("speed", "fast")), null))
                .containsExactly(new FieldError("options", "optioned has no option 'speed' (it takes: quality, style)"));
        assertThat(refusal(validator, "optioned", null, three)).containsExactly(new FieldError("referenceImages",
                "referenceImages must be at most 2 for optioned (it has 3)"));
        assertThat(validator.validate(new ImageRequest("a cat", "optioned", null, null, null, null,
                List.of(new Option("quality", "high"), new Option("style", "Auto")), three.subList(0, 2), "k")))
                .extracting(GenerationRequest::idempotencyKey).isEqualTo("k");
    }

    private static List<FieldError> refusal(RequestValidator validator, String model, List<Option> options,
            List<String> references) {
        ImageRequest request = new ImageRequest("a cat", model, null, null, null, null, options, references, null);
        BadUserInputException refused = catchThrowableOfType(BadUserInputException.class,
                () -> validator.validate(request));
        assertThat(refused).as("refused").isNotNull();
        return fields(refused);
    }

    @SuppressWarnings("unchecked")
    private static List<FieldError> fields(BadUserInputException refused) {
        return ((List<Map<String, String>>) refused.extensions().get("fields")).stream()
                .map(field -> new FieldError(field.get("field"), field.get("message"))).toList();
    }

    @Test
    void everyBrokenRuleIsNamedAtOnce() {
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input",
                input("prompt", "ab", "model", "grok-imagine", "numImages", 3, "seed", 1)));
        assertThat(errorMessage(answer)).contains("prompt must be").contains("numImages must be 1")
                .contains("seed is not supported");
    }

    @Test
    void documentsThatFailGraphQLValidationCarryACodeToo() {
        String key = newKey();
        JsonPath missingPrompt = post(key, """
                mutation { generateImage(input: {model: "imagen4"}) { id } }
                """, Map.of());
        JsonPath wrongType = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a cat", "numImages", "two")));
        JsonPath unknownField = post(key, "query { nope }", Map.of());

        for (JsonPath answer : List.of(missingPrompt, wrongType, unknownField)) {
            assertThat(errorCode(answer)).as(answer.prettify()).isEqualTo("BAD_USER_INPUT");
        }
        assertThat(errorMessage(missingPrompt)).contains("prompt");
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
    }
}
