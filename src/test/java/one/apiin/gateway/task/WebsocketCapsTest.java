package one.apiin.gateway.task;

import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;

import one.apiin.gateway.support.SharedProfiles;
import one.apiin.gateway.task.TaskSubscriptionTest.Received;

/**
 * Websocket caps, set low in the shared {@link SharedProfiles.LowCapsSampledNoStore} profile: 3 subscriptions per
 * connection, 2 connections per key, messages of 4096 bytes, connection_init within 1 s.
 */
@QuarkusTest
@TestProfile(SharedProfiles.LowCapsSampledNoStore.class)
class WebsocketCapsTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void aConnectionHoldsAtMostItsShareOfSubscriptions() throws Exception {
        for (WebsocketSubprotocol protocol : List.of(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS,
                WebsocketSubprotocol.GRAPHQL_WS)) {
            String key = newKey();
            String id = generate(key, "watched many times sim:duration=600000");
            try (DynamicGraphQLClient client = client(protocol, key)) {
                List<Received> allowed = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    allowed.add(TaskSubscriptionTest.subscribe(client, id));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> allowed.stream().allMatch(r -> !r.statuses().isEmpty()));

                Received refused = TaskSubscriptionTest.subscribe(client, id);

                await().atMost(Duration.ofSeconds(10)).until(refused::answered);
                assertThat(refused.errorCodes()).as(protocol.name()).containsExactly("RATE_LIMITED");
                assertThat(allowed).allSatisfy(r -> assertThat(r.errorCodes()).isEmpty());
            }
        }
    }

    @Test
    void aKeyFollowsTasksOnAtMostItsShareOfConnections() throws Exception {
        String key = newKey();
        String id = generate(key, "watched from many places sim:duration=600000");
        try (DynamicGraphQLClient first = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS, key);
                DynamicGraphQLClient second = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS, key);
                DynamicGraphQLClient third = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS, key)) {
            Received one = TaskSubscriptionTest.subscribe(first, id);
            Received two = TaskSubscriptionTest.subscribe(second, id);
            await().atMost(Duration.ofSeconds(10)).until(() -> !one.statuses().isEmpty() && !two.statuses().isEmpty());

            Received three = TaskSubscriptionTest.subscribe(third, id);

            await().atMost(Duration.ofSeconds(10)).until(three::answered);
            assertThat(three.errorCodes()).containsExactly("RATE_LIMITED");
        }
        // Places are given back when connections close.
        try (DynamicGraphQLClient again = client(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS, key)) {
            Received received = TaskSubscriptionTest.subscribe(again, id);
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.statuses().isEmpty());
        }
    }

    @Test
    void anOversizedMessageClosesTheConnection() {
        Vertx vertx = Vertx.vertx();
        try {
            AtomicInteger closedWith = new AtomicInteger();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(graphql.getHost())
                    .setPort(graphql.getPort()).setURI("/graphql").addSubProtocol("graphql-transport-ws");
            vertx.createHttpClient().webSocket(options).onSuccess(socket -> {
                socket.closeHandler(ignored -> closedWith.set(socket.closeStatusCode() == null ? -1
                        : socket.closeStatusCode()));
                socket.writeTextMessage("{\"type\":\"connection_init\",\"payload\":{\"pad\":\"" + "x".repeat(10_000)
                        + "\"}}");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> closedWith.get() != 0);
            // Vert.x drops the connection on the oversized frame: a protocol error, before any GraphQL handling.
            assertThat(closedWith.get()).isNotZero();
        } finally {
            vertx.close();
        }
    }

    @Test
    void aConnectionThatNeverInitialisesIsClosedWith4408() {
        Vertx vertx = Vertx.vertx();
        try {
            AtomicInteger silent = new AtomicInteger();
            AtomicInteger polite = new AtomicInteger();
            List<String> politeHeard = new java.util.concurrent.CopyOnWriteArrayList<>();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(graphql.getHost())
                    .setPort(graphql.getPort()).setURI("/graphql").addSubProtocol("graphql-transport-ws");
            vertx.createHttpClient().webSocket(options).onSuccess(socket -> socket.closeHandler(
                    ignored -> silent.set(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode())));
            vertx.createHttpClient().webSocket(options).onSuccess(socket -> {
                socket.closeHandler(ignored -> polite.set(-1));
                socket.textMessageHandler(politeHeard::add);
                socket.writeTextMessage("{\"type\":\"connection_init\",\"payload\":{}}");
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> silent.get() != 0);
            assertThat(silent.get()).isEqualTo(4408);
            await().atMost(Duration.ofSeconds(5)).until(() -> politeHeard.stream().anyMatch(m -> m.contains("connection_ack")));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> polite.get() == 0);
        } finally {
            vertx.close();
        }
    }

    private DynamicGraphQLClient client(WebsocketSubprotocol protocol, String key) {
        return new VertxDynamicGraphQLClientBuilder().url(graphql.toString()).subprotocols(protocol)
                .initPayload(Map.of("Authorization", "Bearer " + key)).build();
    }
}
