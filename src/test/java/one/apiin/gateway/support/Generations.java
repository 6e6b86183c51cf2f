package one.apiin.gateway.support;

import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.restassured.path.json.JsonPath;

/** Starting generations as a frontend does, for the tests that need tasks to exist. */
public final class Generations {

    private Generations() {
    }

    /** Starts a generation of the prompt (everything else defaulted) and returns its task id. */
    public static String generate(String key, String prompt) {
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", prompt)));
        assertThat(answer.getList("errors")).isNull();
        return answer.getString("data.generateImage.id");
    }

    /** Starts a generation and returns the whole answer, which must carry no error. */
    public static JsonPath generate(String key, Map<String, Object> input) {
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", input));
        assertThat(answer.getList("errors")).isNull();
        return answer;
    }

    /** A deterministic request (seeded) whose prompt no other test uses. */
    public static Map<String, Object> seeded(String prompt) {
        return input("prompt", prompt + " " + UUID.randomUUID(), "seed", 42);
    }

    /** A copy of the input with one field set. */
    public static Map<String, Object> with(Map<String, Object> input, String name, Object value) {
        Map<String, Object> copy = new HashMap<>(input);
        copy.put(name, value);
        return copy;
    }

    /** Runs the call {@code count} times at once and returns every answer. */
    public static List<JsonPath> concurrently(int count, Supplier<JsonPath> call) {
        List<CompletableFuture<JsonPath>> calls = IntStream.range(0, count)
                .mapToObj(i -> CompletableFuture.supplyAsync(call)).toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }
}
