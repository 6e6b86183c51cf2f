package one.apiin.gateway.graphql.guard;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.errorMessage;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

import graphql.execution.instrumentation.ChainedInstrumentation;

/** What a careless or hostile client sends, and what it gets: a coded error it can act on, and nothing started. */
@QuarkusTest
class HostileClientTest {

    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @Test
    void aDocumentThatDoesNotParseIsBadUserInput() {
        JsonPath answer = post(newKey(), "mutation { generateImage(input: {prompt: \"abc\" ");

        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(errorMessage(answer)).contains("not valid GraphQL");
    }

    @Test
    void aBodyThatIsNotJsonIsBadUserInput() {
        for (String body : List.of("not json", "[1, 2]", "{\"variables\": {}}", "{\"query\": 42}",
                "{\"query\": \"{ models { id } }\", \"variables\": \"x\"}")) {
            JsonPath answer = given().contentType(ContentType.JSON).body(body).post("/graphql")
                    .then().statusCode(400).extract().jsonPath();
            assertThat(errorCode(answer)).as(body).isEqualTo("BAD_USER_INPUT");
            assertThat(errorMessage(answer)).as(body).doesNotContain("Exception");
        }
    }

    @Test
    void variablesOfTheWrongShapeNameTheVariableAndField() {
        String key = newKey();
        JsonPath unknownField = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "hello", "bogus", 1)));
        JsonPath stringForInt = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "hello", "seed", "x")));
        JsonPath missing = post(key, "mutation { generateImage(input: {}) { id } }");

        assertThat(List.of(unknownField, stringForInt, missing)).allSatisfy(answer -> {
            assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
            assertThat(errorMessage(answer)).doesNotContain("ObjectValue{").doesNotContain("StringValue{")
                    .doesNotContain("Unknown Scalar Type");
            assertThat(answer.getList("errors")).hasSize(1);
        });
        assertThat(errorMessage(unknownField)).contains("bogus");
        assertThat(errorMessage(stringForInt)).contains("$input.seed");
        assertThat(errorMessage(missing)).contains("prompt");
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
    }

    @Test
    void intsOutOfRangeAreRefusedNeverTruncated() {
        String key = newKey();
        JsonPath variable = post(key, Documents.GENERATE, Map.of("input",
                Map.of("prompt", "a big seed", "seed", 9007199254740993L)));
        JsonPath literal = post(key, "mutation { generateImage(input: {prompt: \"a big seed\", seed: 9007199254740993})"
                + " { id seed } }");

        assertThat(errorCode(variable)).isEqualTo("BAD_USER_INPUT");
        assertThat(errorMessage(variable)).contains("$input.seed").contains("2147483647");
        assertThat(errorCode(literal)).isEqualTo("BAD_USER_INPUT");
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
    }

    @Test
    void controlCharactersAndBrokenUnicodeAreRefusedByTheInputRules() {
        String key = newKey();
        JsonPath nul = post(key, Documents.GENERATE, Map.of("input",
                input("prompt", "a fine prompt", "negativePrompt", "blur\u0000")));
        JsonPath surrogate = post(key, Documents.GENERATE, Map.of("input", input("prompt", "broken \ud800 text")));

        assertThat(errorCode(nul)).isEqualTo("BAD_USER_INPUT");
        assertThat(nul.getList("errors[0].extensions.fields.field")).containsExactly("negativePrompt");
        assertThat(errorCode(surrogate)).isEqualTo("BAD_USER_INPUT");
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
    }

    @Test
    void inputRuleErrorsListEachFieldForForms() {
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input",
                input("prompt", "a", "model", "imagen4-fast", "numImages", 9, "aspectRatio", "7:5")));

        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getList("errors[0].extensions.fields.field"))
                .containsExactlyInAnyOrder("prompt", "aspectRatio", "numImages");
        assertThat(answer.getMap("errors[0].extensions")).containsOnlyKeys("code", "fields");
        assertThat(errorMessage(answer)).contains("prompt").contains("aspectRatio").contains("numImages");
    }

    @Test
    void extensionsHoldOnlyWhatApplies() {
        JsonPath unauthenticated = post(null, Documents.TASKS);
        JsonPath rateLimited = post(newKey(), Documents.GENERATE, Map.of("input", Map.of("prompt", "slow sim:429")));

        assertThat(unauthenticated.getMap("errors[0].extensions")).containsOnlyKeys("code");
        assertThat(rateLimited.getMap("errors[0].extensions")).containsOnlyKeys("code", "retryAfterSeconds");
    }

    @Test
    void userInputIsEchoedAtMostAHundredCharacters() {
        String model = "m".repeat(5000);
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input", Map.of("prompt", "hello", "model", model)));

        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(errorMessage(answer)).doesNotContain("m".repeat(101));
    }

    @Test
    void oneDocumentStartsAtMostFourGenerations() {
        String aliased = IntStream.range(0, 200)
                .mapToObj(i -> "g" + i + ": generateImage(input: {prompt: \"many " + i + "\"}) { id }")
                .collect(Collectors.joining("\n", "mutation {\n", "\n}"));

        JsonPath answer = post(newKey(), aliased);

        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(errorMessage(answer)).containsAnyOf("generationsPerDocument", "aliases", "rootFields");
        assertThat(Simulator.createAttempts()).isZero();
        JsonPath five = post(newKey(), IntStream.range(0, 5)
                .mapToObj(i -> "g" + i + ": generateImage(input: {prompt: \"five " + i + "\"}) { id }")
                .collect(Collectors.joining("\n", "mutation {\n", "\n}")));
        assertThat(errorMessage(five)).contains("generationsPerDocument");
        assertThat(Simulator.createAttempts()).isZero();
    }

    @Test
    void withoutGatewayCorsOriginsNoOtherOriginIsServed() {
        var preflight = given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method",
                "POST").options("/graphql").then().extract();
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void smallRyesOwnInstrumentationStaysInTheChain() {
        post(newKey(), "{ models { id } }");

        assertThat(GuardChain.built).isInstanceOf(ChainedInstrumentation.class);
        assertThat(((ChainedInstrumentation) GuardChain.built).getInstrumentations())
                .extracting(instrumentation -> instrumentation.getClass().getSimpleName())
                .contains("ChainedInstrumentation", "OperationLimits", "StrictVariables", "ErrorShape");
        ChainedInstrumentation smallRyes = (ChainedInstrumentation) ((ChainedInstrumentation) GuardChain.built)
                .getInstrumentations().get(0);
        assertThat(smallRyes.getInstrumentations()).extracting(i -> i.getClass().getSimpleName()).contains("QueryCache");
    }
}
