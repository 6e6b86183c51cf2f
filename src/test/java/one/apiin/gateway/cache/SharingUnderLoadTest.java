package one.apiin.gateway.cache;

import static one.apiin.gateway.support.Generations.concurrently;
import static one.apiin.gateway.support.Generations.seeded;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;

/**
 * Identical requests share one generation when Redis is slow (stalling 700 ms at a time, longer than its 500 ms
 * timeout) and the machine's cores are busy: made so on purpose, not hoped quiet.
 */
@QuarkusTest
@QuarkusTestResource(value = OwnRedis.class, restrictToAnnotatedClass = true)
class SharingUnderLoadTest {

    @Test
    void twentyIdenticalRequestsShareOneGenerationWhileRedisStallsAndTheCpusAreBusy() throws Exception {
        String key = newKey();
        Map<String, Object> request = seeded("shared under load sim:duration=3000");
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(3);
        // Two threads keep the cores busy; a third stalls Redis again and again (bounded: at most 40 stalls).
        for (int i = 0; i < 2; i++) {
            load.submit(() -> {
                long spin = 0;
                while (loading.get()) {
                    spin += System.nanoTime() % 7;
                }
                return spin;
            });
        }
        load.submit(() -> {
            for (int i = 0; i < 40 && loading.get(); i++) {
                OwnRedis.stall(700);
            }
        });
        int creates = Simulator.creates();
        List<JsonPath> answers;
        try {
            answers = concurrently(20, () -> post(key, Documents.GENERATE, Map.of("input", request)));
        } finally {
            loading.set(false);
            load.shutdown();
            load.awaitTermination(30, TimeUnit.SECONDS);
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.getList("errors")).isNull());
        for (JsonPath answer : answers) {
            assertThat(awaitEnd(key, answer.getString("data.generateImage.id")).getString("data.task.status"))
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(Simulator.creates() - creates).as("generations for 20 identical requests").isEqualTo(1);
    }
}
