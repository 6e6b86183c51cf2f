package one.apiin.gateway.credits;

import static one.apiin.gateway.support.Generations.concurrently;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.Generations.seeded;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Simulator;

/**
 * The credits the gateway reports are the credits the upstream billed: over a mixed run of new generations, cache
 * hits, shared generations, failed generations and submissions retried after 503s, the sum of creditsCharged equals
 * what the simulated upstream bills for the generations it completed.
 */
@QuarkusTest
class CreditsLedgerTest {

    @BeforeEach
    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @Test
    void theSumOfCreditsChargedIsWhatTheUpstreamBilled() {
        String key = newKey();
        List<String> ids = new ArrayList<>();
        // New generations, at two prices and counts.
        ids.add(generate(key, input("prompt", "a new one", "model", "imagen4-fast", "numImages", 2))
                .getString("data.generateImage.id"));
        ids.add(generate(key, "another new one"));
        // A failed generation.
        ids.add(generate(key, "a failing one sim:fail"));
        // A submission retried after two 503s.
        Simulator.failCreates(503, 2, null);
        ids.add(generate(key, "after an outage"));
        // Three identical requests at once: one generation, shared.
        Map<String, Object> shared = seeded("shared");
        concurrently(3, () -> generate(key, shared)).forEach(answer -> ids.add(answer.getString("data.generateImage.id")));
        ids.forEach(id -> awaitEnd(key, id));
        // A cache hit of the shared result, and one of a result that is new.
        Map<String, Object> repeated = seeded("repeated");
        String original = generate(key, repeated).getString("data.generateImage.id");
        awaitEnd(key, original);
        ids.add(original);
        JsonPath hit = generate(key, repeated);
        assertThat(hit.getBoolean("data.generateImage.cached")).isTrue();
        ids.add(hit.getString("data.generateImage.id"));
        ids.add(generate(key, shared).getString("data.generateImage.id"));

        long charged = ids.stream().mapToLong(id -> awaitEnd(key, id).getLong("data.task.creditsCharged")).sum();
        // 2 × 4 (fast, two images) + 8 + 0 (failed) + 8 (retried) + 8 (shared once) + 8 (repeated once).
        assertThat(charged).isEqualTo(40);
        assertThat(charged).isEqualTo(Simulator.billedCredits());
        assertThat(totalOverTheOwnersTasks(key)).isEqualTo(charged);
    }

    private static long totalOverTheOwnersTasks(String key) {
        JsonPath page = post(key, """
                query { tasks(first: 100) { edges { node { creditsCharged } } } }
                """);
        return page.getList("data.tasks.edges.node.creditsCharged", Integer.class).stream().mapToLong(i -> i).sum();
    }
}
