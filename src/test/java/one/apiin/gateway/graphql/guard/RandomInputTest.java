package one.apiin.gateway.graphql.guard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.GraphQL;
import one.apiin.gateway.support.Simulator;

/**
 * 2,000 generateImage variable sets made from a fixed seed: every field absent, null, valid, of the wrong type, at or
 * past its bounds, or holding text no person types. Each is answered with a task or an error carrying a contract
 * code, never INTERNAL, a 5xx, a class name or SQL. Most valid ones ask the simulator to refuse (402), so that the
 * run starts only a few real generations.
 */
@QuarkusTest
class RandomInputTest {

    private static final Set<String> CODES = Set.of("BAD_USER_INPUT", "INSUFFICIENT_CREDITS", "RATE_LIMITED",
            "UPSTREAM_UNAVAILABLE", "UNAUTHENTICATED");
    private static final List<String> LEAKS = List.of("Exception", "java.", "graphql.", "io.smallrye", "one.apiin",
            "SELECT ", "select ", "INSERT ", "insert into", "SQL", "ObjectValue{");
    /** The values the gateway makes up at random: a task's id, an image's URL. */
    private static final Pattern OPAQUE = Pattern.compile("\"(id|url)\":\"[^\"]*\"");

    private final Random random = new Random(20261125);

    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @Test
    void everyAnswerIsATaskOrACodedError() {
        String key = GraphQL.newKey();
        List<String> problems = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Object input = input();
            Map<String, Object> variables = new HashMap<>();
            variables.put("input", input);
            Response response = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key)
                    .body(Map.of("query", Documents.GENERATE, "variables", variables)).post("/graphql");
            String body = response.asString();
            String problem = problem(response.statusCode(), body);
            if (problem != null && problems.size() < 20) {
                problems.add(problem + " for " + truncate(String.valueOf(input)) + ": " + truncate(body));
            }
            String id = new io.restassured.path.json.JsonPath(body).getString("data.generateImage.id");
            if (id != null) {
                tasks.add(id);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(tasks).as("some inputs were valid and made a task").isNotEmpty();
        // Leave nothing running for the tests after this one.
        tasks.forEach(id -> GraphQL.awaitEnd(key, id));
    }

    private static String problem(int status, String body) {
        if (status >= 500) {
            return "HTTP " + status;
        }
        // Task ids and image URLs are random tokens (base64url): one may spell "SQL" by chance. Every other value
        // (messages, codes, fields) is still searched.
        String text = OPAQUE.matcher(body).replaceAll("\"$1\":\"\"");
        for (String leak : LEAKS) {
            if (text.contains(leak)) {
                return "leaks '" + leak + "'";
            }
        }
        io.restassured.path.json.JsonPath json = new io.restassured.path.json.JsonPath(body);
        List<String> codes = json.getList("errors.extensions.code", String.class);
        if (codes == null || codes.isEmpty()) {
            return json.getString("data.generateImage.id") == null ? "neither a task nor an error" : null;
        }
        for (String code : codes) {
            if (code == null || !CODES.contains(code)) {
                return "code " + code;
            }
        }
        return null;
    }

    private Object input() {
        switch (random.nextInt(40)) {
            case 0:
                return null;
            case 1:
                return "a string";
            case 2:
                return List.of(1, 2);
            case 3:
                // A valid request now and then, so that the run also makes real tasks.
                return Map.of("prompt", "a valid request " + random.nextInt(1000), "model",
                        pick("imagen4", "imagen4-fast", "ideogram-v3"), "numImages", 1 + random.nextInt(2));
            default:
                Map<String, Object> input = new HashMap<>();
                put(input, "prompt", prompt());
                put(input, "model", pick("imagen4", "imagen4-fast", "imagen4-ultra", "grok-imagine", "kling-image-o1",
                        "ideogram-v3", "gpt-image-1.5-official", "", "nope", "imagen4\u0000", 7, true));
                put(input, "aspectRatio", pick("1:1", "16:9", "9:16", "21:9", "2:3", "0:0", "", 1.5, List.of("1:1")));
                put(input, "negativePrompt", pick("blur", "", "x".repeat(5001), "a\u0000b", "bad \udc00 half", 3,
                        Map.of("a", 1)));
                put(input, "numImages", pick(1, 2, 4, 9, 0, -1, 10, 2147483648L, 1.5, "2", null));
                put(input, "seed", pick(0, 42, 2147483647, -1, 2147483648L, 9007199254740993L, 1.0, 1.5, "7", false));
                put(input, "cache", pick("USE", "BYPASS", "REFRESH", "use", "NONE", 1));
                if (random.nextInt(15) == 0) {
                    input.put("unexpected", "field");
                }
                return input;
        }
    }

    private Object prompt() {
        Object prompt = pick("a lighthouse at dawn", "ab", "   ", "", "x".repeat(5001), "nul\u0000here", "\ud800 lone",
                "emoji 🦊 fox", 12345, List.of("a"), null);
        // Most valid requests are refused by the simulator, so that few real generations start.
        return prompt instanceof String text && random.nextInt(20) != 0 ? text + " sim:402" : prompt;
    }

    /** Absent a quarter of the time; otherwise one of the values. */
    private void put(Map<String, Object> input, String field, Object value) {
        if (random.nextInt(4) != 0) {
            input.put(field, value);
        }
    }

    private Object pick(Object... values) {
        return values[random.nextInt(values.length)];
    }

    private static String truncate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
