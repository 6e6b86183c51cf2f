package one.apiin.gateway.task;

import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.graphql.client.GraphQLClientException;
import io.smallrye.graphql.client.GraphQLError;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Generations;
import one.apiin.gateway.support.GraphQL;

/** The task subscription over both websocket sub-protocols, as browsers use it. */
@QuarkusTest
class TaskSubscriptionTest {

    @TestHTTPResource("/graphql")
    URL graphql;
    @Inject
    AgroalDataSource jdbc;

    @Test
    void aSubscriberSeesEveryChangeThenCompletion() throws Exception {
        String key = newKey();
        String id = generate(key, "a subscribed sunrise");
        try (DynamicGraphQLClient client = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS,
                Map.of("Authorization", "Bearer " + key), null)) {
            Received received = subscribe(client, id);
            await().atMost(Duration.ofSeconds(20)).untilTrue(received.completed);

            assertThat(received.failure.get()).isNull();
            List<String> statuses = received.statuses();
            assertThat(statuses.get(0)).isIn("RUNNING", "SUCCEEDED");
            assertThat(statuses.get(statuses.size() - 1)).isEqualTo("SUCCEEDED");
            assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly("RUNNING");
            assertThat(received.responses.get(received.responses.size() - 1).getData().getJsonObject("task")
                    .getJsonArray("images")).isNotEmpty();
        }
    }

    @Test
    void theLegacyProtocolAndTheUpgradeHeaderWorkToo() throws Exception {
        String key = newKey();
        String id = generate(key, "a legacy sunset");
        try (DynamicGraphQLClient client = client(WebsocketSubprotocol.GRAPHQL_WS, null, "Bearer " + key)) {
            Received received = subscribe(client, id);
            await().atMost(Duration.ofSeconds(20)).untilTrue(received.completed);
            assertThat(received.statuses()).last().isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void anEndedTaskIsSentOnceThenCompletes() throws Exception {
        String key = newKey();
        String id = generate(key, "an old picture");
        GraphQL.awaitEnd(key, id);
        try (DynamicGraphQLClient client = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS,
                Map.of("Authorization", "Bearer " + key), null)) {
            Received received = subscribe(client, id);
            await().atMost(Duration.ofSeconds(10)).untilTrue(received.completed);
            assertThat(received.statuses()).containsExactly("SUCCEEDED");
        }
    }

    /** A cache hit is stored, not broadcast (no one can know its id before the answer): a subscriber still gets it. */
    @Test
    void aCacheHitIsSentOnceThenCompletes() throws Exception {
        String key = newKey();
        Map<String, Object> input = Generations.seeded("a cached harbour");
        GraphQL.awaitEnd(key, Generations.generate(key, input).getString("data.generateImage.id"));
        JsonPath hit = Generations.generate(key, input);
        assertThat(hit.getBoolean("data.generateImage.cached")).isTrue();
        try (DynamicGraphQLClient client = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS,
                Map.of("Authorization", "Bearer " + key), null)) {
            Received received = subscribe(client, hit.getString("data.generateImage.id"));
            await().atMost(Duration.ofSeconds(10)).untilTrue(received.completed);
            assertThat(received.statuses()).containsExactly("SUCCEEDED");
            assertThat(received.responses.get(0).getData().getJsonObject("task").getJsonArray("images")).isNotEmpty();
        }
    }

    @Test
    void aChangeThePubSubChannelNeverCarriedStillArrives() throws Exception {
        String key = newKey();
        String id = generate(key, "a very long one sim:duration=600000");
        try (DynamicGraphQLClient client = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS,
                Map.of("Authorization", "Bearer " + key), null)) {
            Received received = subscribe(client, id);
            // Several polls and re-reads pass: a re-read must not repeat a state the subscriber already has.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> !received.statuses().isEmpty());
            List<String> states = received.responses.stream().map(r -> r.getData().toString()).toList();
            for (int i = 1; i < states.size(); i++) {
                assertThat(states.get(i)).as("state %d repeats state %d", i, i - 1).isNotEqualTo(states.get(i - 1));
            }

            // Written behind the gateway's back: no change is published, as when a pub/sub message is lost.
            try (Connection connection = jdbc.getConnection();
                    PreparedStatement update = connection.prepareStatement(
                            "update task set status = 'FAILED', error_code = 'UPSTREAM_FAILED', error_message = 'lost',"
                                    + " version = version + 1, updated_at = now() where id = ?")) {
                update.setString(1, id);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }

            await().atMost(Duration.ofSeconds(10)).untilTrue(received.completed);
            assertThat(received.statuses()).last().isEqualTo("FAILED");
        }
    }

    @Test
    void someoneElsesTaskIsNotFound() throws Exception {
        String id = generate(newKey(), "not yours");
        try (DynamicGraphQLClient client = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS,
                Map.of("Authorization", "Bearer " + newKey()), null)) {
            Received received = subscribe(client, id);
            await().atMost(Duration.ofSeconds(10)).until(received::answered);
            assertThat(received.errorCodes()).containsExactly("NOT_FOUND");
        }
    }

    @Test
    void withoutCredentialsTheSubscriptionIsRefused() throws Exception {
        String id = generate(newKey(), "anonymous watcher");
        try (DynamicGraphQLClient client = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS, null, null)) {
            Received received = subscribe(client, id);
            await().atMost(Duration.ofSeconds(10)).until(received::answered);
            assertThat(received.errorCodes()).containsExactly("UNAUTHENTICATED");
        }
    }

    private DynamicGraphQLClient client(WebsocketSubprotocol protocol, Map<String, Object> initPayload,
            String authorizationHeader) {
        VertxDynamicGraphQLClientBuilder builder = new VertxDynamicGraphQLClientBuilder()
                .url(graphql.toString())
                .subprotocols(protocol);
        if (initPayload != null) {
            builder.initPayload(initPayload);
        }
        if (authorizationHeader != null) {
            builder.header("Authorization", authorizationHeader);
        }
        return builder.build();
    }

    static Received subscribe(DynamicGraphQLClient client, String id) {
        Received received = new Received();
        client.subscription(Documents.SUBSCRIBE, Map.of("id", id)).subscribe().with(
                received.responses::add,
                failure -> {
                    received.failure.set(failure);
                    received.completed.set(true);
                },
                () -> received.completed.set(true));
        return received;
    }

    static final class Received {
        final List<Response> responses = new CopyOnWriteArrayList<>();
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        boolean answered() {
            return completed.get() || failure.get() != null || responses.stream().anyMatch(Response::hasError);
        }

        List<String> statuses() {
            return responses.stream().filter(Response::hasData)
                    .filter(response -> !response.getData().isNull("task"))
                    .map(response -> response.getData().getJsonObject("task").getString("status")).toList();
        }

        /** Codes of the errors received, in a response or as the stream's failure. */
        List<String> errorCodes() {
            Stream<GraphQLError> errors = responses.stream().filter(Response::hasError)
                    .flatMap(response -> response.getErrors().stream());
            if (failure.get() instanceof GraphQLClientException clientError) {
                errors = Stream.concat(errors, clientError.getErrors().stream());
            }
            return errors.map(error -> String.valueOf(error.getExtensions().get("code"))).toList();
        }
    }
}
