package one.apiin.gateway.generation;

import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.errorMessage;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

/** Every input rule of the contract: BAD_USER_INPUT naming the field, nothing sent upstream, nothing stored. */
@QuarkusTest
class InputRulesTest {

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
                        "seed is not supported by gpt-image-1.5-official"));
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

    @org.junit.jupiter.api.Test
    void everyBrokenRuleIsNamedAtOnce() {
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input",
                input("prompt", "ab", "model", "grok-imagine", "numImages", 3, "seed", 1)));
        assertThat(errorMessage(answer)).contains("prompt must be").contains("numImages must be 1")
                .contains("seed is not supported");
    }

    @org.junit.jupiter.api.Test
    void documentsThatFailGraphQLValidationCarryACodeToo() {
        String key = newKey();
        JsonPath missingPrompt = post(key, """
                mutation { generateImage(input: {model: "imagen4"}) { id } }
                """, Map.of());
        JsonPath wrongType = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a cat", "numImages", "two")));
        JsonPath unknownField = post(key, "query { nope }", Map.of());

        for (JsonPath answer : java.util.List.of(missingPrompt, wrongType, unknownField)) {
            assertThat(errorCode(answer)).as(answer.prettify()).isEqualTo("BAD_USER_INPUT");
        }
        assertThat(errorMessage(missingPrompt)).contains("prompt");
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
    }
}
