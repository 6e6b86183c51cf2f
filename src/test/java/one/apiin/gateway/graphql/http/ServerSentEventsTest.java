package one.apiin.gateway.graphql.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.GraphQL;
import one.apiin.gateway.support.SharedProfiles;

/**
 * Subscriptions over server-sent events (graphql-sse, distinct connections), read as raw events: POST and GET, each
 * state a flushed {@code next}, then {@code complete} at the task's end; keep-alive comments; Last-Event-ID; the same
 * owner checks and caps as websockets (low caps here: two connections per key, in the shared
 * {@link SharedProfiles.LowCapsSampledNoStore} profile).
 */
@QuarkusTest
@TestProfile(SharedProfiles.LowCapsSampledNoStore.class)
class ServerSentEventsTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    private final HttpClient http = HttpClient.newHttpClient();

    record Event(String name, String id, String data) {
        String status() {
            return new JsonObject(data).getJsonObject("data").getJsonObject("task").getString("status");
        }
    }

    /** One event stream as it arrives: its events, comments and whether it ended. */
    static final class Stream_ {
        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger comments = new AtomicInteger();
        volatile boolean ended;
        volatile HttpResponse<Stream<String>> response;
        volatile Stream<String> lines;

        List<String> names() {
            synchronized (events) {
                return events.stream().map(Event::name).toList();
            }
        }

        void close() {
            if (lines != null) {
                lines.close();
            }
        }
    }

    private Stream_ open(HttpRequest request) throws Exception {
        Stream_ stream = new Stream_();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        stream.response = response;
        stream.lines = response.body();
        CompletableFuture.runAsync(() -> {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) stream.lines::iterator) {
                    if (line.isEmpty()) {
                        if (name != null) {
                            stream.events.add(new Event(name, id, data.toString()));
                        }
                        name = null;
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        stream.comments.incrementAndGet();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (RuntimeException e) {
                // closed by the test
            }
            stream.ended = true;
        });
        return stream;
    }

    private HttpRequest post(String key, String query, Map<String, Object> variables, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(graphql.toString()))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("query", query)
                        .put("variables", new JsonObject(variables)).encode()));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return request.build();
    }

    private static String generate(String key, String prompt) {
        return GraphQL.post(key, Documents.GENERATE, Map.of("input", GraphQL.input("prompt", prompt)))
                .getString("data.generateImage.id");
    }

    @Test
    void aPostStreamCarriesEveryStateThenCompletesAtTheTasksEnd() throws Exception {
        String key = GraphQL.newKey();
        String id = generate(key, "a streamed lighthouse");
        Stream_ stream = open(post(key, Documents.SUBSCRIBE, Map.of("id", id), null));
        assertThat(stream.response.statusCode()).isEqualTo(200);
        assertThat(stream.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(stream.response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.ended);
        List<Event> events = stream.events;
        assertThat(events.get(events.size() - 1).name()).isEqualTo("complete");
        List<Event> next = events.subList(0, events.size() - 1);
        assertThat(next).extracting(Event::name).containsOnly("next");
        assertThat(next.get(next.size() - 1).status()).isEqualTo("SUCCEEDED");
        assertThat(next).allSatisfy(event -> assertThat(event.id()).matches("[0-9a-f]{24}"));
        assertThat(stream.comments.get()).as("keep-alive comments").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aGetStreamWorksTooAndKeepAliveCommentsComeWhileItIsQuiet() throws Exception {
        String key = GraphQL.newKey();
        String id = generate(key, "a slow streamed harbour sim:duration=3000");
        String url = graphql + "?query=" + URLEncoder.encode(Documents.SUBSCRIBE, StandardCharsets.UTF_8)
                + "&variables=" + URLEncoder.encode(new JsonObject().put("id", id).encode(), StandardCharsets.UTF_8);
        Stream_ stream = open(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + key).GET().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.ended);
        assertThat(stream.names()).endsWith("complete").contains("next");
        // One comment opens the stream; the task runs three seconds with a keep-alive every second (test setting).
        assertThat(stream.comments.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void lastEventIdResumesFromTheStoredStateWithoutRepeatingWhatTheClientSaw() throws Exception {
        String key = GraphQL.newKey();
        String id = generate(key, "a resumed stream");
        GraphQL.awaitEnd(key, id);
        Stream_ first = open(post(key, Documents.SUBSCRIBE, Map.of("id", id), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.ended);
        assertThat(first.names()).containsExactly("next", "complete");
        Event last = first.events.get(0);
        assertThat(last.status()).isEqualTo("SUCCEEDED");

        Stream_ resumed = open(post(key, Documents.SUBSCRIBE, Map.of("id", id), last.id()));
        await().atMost(Duration.ofSeconds(10)).until(() -> resumed.ended);
        assertThat(resumed.names()).containsExactly("complete");

        Stream_ stale = open(post(key, Documents.SUBSCRIBE, Map.of("id", id), "0123456789abcdef01234567"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stale.ended);
        assertThat(stale.names()).containsExactly("next", "complete");
    }

    @Test
    void anotherOwnersTaskIsNotFoundAndNoCredentialsUnauthenticated() throws Exception {
        String id = generate(GraphQL.newKey(), "someone else's stream");
        Stream_ stream = open(post(GraphQL.newKey(), Documents.SUBSCRIBE, Map.of("id", id), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.ended);
        assertThat(stream.names()).containsExactly("next", "complete");
        assertThat(new JsonObject(stream.events.get(0).data()).getJsonArray("errors").getJsonObject(0)
                .getJsonObject("extensions").getString("code")).isEqualTo("NOT_FOUND");

        Stream_ anonymous = open(post(null, Documents.SUBSCRIBE, Map.of("id", id), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> anonymous.ended);
        assertThat(anonymous.events.get(0).data()).contains("UNAUTHENTICATED");
    }

    @Test
    void aKeyHoldsAtMostItsConnectionsAcrossStreams() throws Exception {
        String key = GraphQL.newKey();
        List<Stream_> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                String id = generate(key, "a long stream " + i + " sim:duration=20000");
                Stream_ stream = open(post(key, Documents.SUBSCRIBE, Map.of("id", id), null));
                await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events.isEmpty());
                open.add(stream);
            }
            String third = generate(key, "one stream too many sim:duration=20000");
            Stream_ refused = open(post(key, Documents.SUBSCRIBE, Map.of("id", third), null));
            await().atMost(Duration.ofSeconds(10)).until(() -> refused.ended);
            assertThat(refused.events.get(0).data()).contains("RATE_LIMITED");

            // A client that goes away gives its place back.
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Stream_ again = open(post(key, Documents.SUBSCRIBE, Map.of("id", third), null));
                try {
                    await().atMost(Duration.ofSeconds(5)).until(() -> !again.events.isEmpty());
                    assertThat(again.events.get(0).data()).doesNotContain("RATE_LIMITED");
                } finally {
                    again.close();
                }
            });
        } finally {
            open.forEach(Stream_::close);
        }
    }

    @Test
    void aQueryOverServerSentEventsIsOneNextThenComplete() throws Exception {
        Stream_ stream = open(post(null, "{ models { id } }", Map.of(), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.ended);
        assertThat(stream.names()).containsExactly("next", "complete");
        assertThat(stream.events.get(0).data()).contains("imagen4");
    }
}
