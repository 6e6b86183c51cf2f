package one.apiin.gateway.observability;

import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.SharedProfiles;

/**
 * A generateImage makes one trace from the GraphQL request to the upstream call, Redis and PostgreSQL, carrying the
 * task id and never the prompt or the key. Spans are collected in memory (the CDI exporter) with sampling on, as
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set (in the shared {@link SharedProfiles.LowCapsSampledNoStore} profile).
 */
@QuarkusTest
@TestProfile(SharedProfiles.LowCapsSampledNoStore.class)
class TracesTest {

    @Singleton
    static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aGenerationIsOneTraceWithTheTaskIdAndNoSecrets() {
        String key = newKey();
        String prompt = "a traced lighthouse " + System.nanoTime();
        String id = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", prompt, "seed", 3)))
                .getString("data.generateImage.id");

        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> id.equals(span.getAttributes().get(AttributeKey.stringKey("gateway.task.id")))));
        SpanData request = spans.getFinishedSpanItems().stream()
                .filter(span -> id.equals(span.getAttributes().get(AttributeKey.stringKey("gateway.task.id"))))
                .findFirst().orElseThrow();
        List<SpanData> trace = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(request.getTraceId())).toList();

        assertThat(trace).anySatisfy(span -> assertThat(span.getName()).contains("POST"));
        assertThat(trace).as("the upstream creation call").anySatisfy(span -> assertThat(span.getAttributes().asMap()
                .toString()).contains("images/generations"));
        assertThat(trace).as("Redis").anySatisfy(span -> assertThat(span.getAttributes().asMap().toString())
                .containsIgnoringCase("redis"));
        assertThat(trace).as("PostgreSQL").anySatisfy(span -> assertThat(span.getAttributes().asMap().toString())
                .contains("db.sql.table=task").contains(":5432"));
        assertThat(trace).allSatisfy(span -> assertThat(span.getAttributes().asMap().toString() + span.getName())
                .doesNotContain(prompt).doesNotContain(key));
    }
}
