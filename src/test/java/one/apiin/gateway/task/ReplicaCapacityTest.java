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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

import one.apiin.gateway.graphql.SubscriptionCaps;
import one.apiin.gateway.graphql.guard.WebsocketUpgradeGuard;
import one.apiin.gateway.task.TaskSubscriptionTest.Received;

/**
 * A replica holds no more live UIs than its memory allows (issue 20: 20,000 of them at 512 MiB ended in an
 * OutOfMemoryError that dropped every one): past its websockets the upgrade is refused with 503 and Retry-After,
 * past its live subscriptions a subscription is refused with RATE_LIMITED, and places come back as they are given up.
 * Set low here; the defaults come from the heap (ReplicaCapacityDefaultsTest).
 */
@QuarkusTest
@TestProfile(ReplicaCapacityTest.SmallReplica.class)
class ReplicaCapacityTest {

    static final int WEBSOCKETS = 3;
    static final int SUBSCRIPTIONS = 2;

    public static class SmallReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.limits.websockets", String.valueOf(WEBSOCKETS),
                    "gateway.limits.subscriptions", String.valueOf(SUBSCRIPTIONS));
        }
    }

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    WebsocketUpgradeGuard guard;

    @Inject
    SubscriptionCaps caps;

    @Test
    void aFullReplicaRefusesTheNextWebsocketWith503UntilOneCloses() {
        Vertx vertx = Vertx.vertx();
        try {
            List<WebSocket> held = new CopyOnWriteArrayList<>();
            for (int i = 0; i < WEBSOCKETS; i++) {
                vertx.createHttpClient().webSocket(options()).onSuccess(held::add);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == WEBSOCKETS);

            AtomicReference<Throwable> refused = new AtomicReference<>();
            vertx.createHttpClient().webSocket(options()).onComplete(result -> refused.set(
                    result.succeeded() ? new AssertionError("accepted") : result.cause()));
            await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() != null);
            assertThat(refused.get()).isInstanceOf(UpgradeRejectedException.class);
            UpgradeRejectedException rejection = (UpgradeRejectedException) refused.get();
            assertThat(rejection.getStatus()).isEqualTo(503);
            assertThat(rejection.getHeaders().get("Retry-After")).isEqualTo("1");

            held.get(0).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> guard.openWebsockets() < WEBSOCKETS);
            List<WebSocket> again = new CopyOnWriteArrayList<>();
            vertx.createHttpClient().webSocket(options()).onSuccess(again::add);
            await().atMost(Duration.ofSeconds(10)).until(() -> !again.isEmpty());
            again.forEach(WebSocket::close);
            held.forEach(WebSocket::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> guard.openWebsockets() == 0);
        } finally {
            vertx.close();
        }
    }

    @Test
    void aReplicaAtItsLiveSubscriptionsRefusesTheNextWithRateLimitedUntilOneEnds() throws Exception {
        String key = newKey();
        String id = generate(key, "watched on a small replica sim:duration=600000");
        List<Received> allowed = new ArrayList<>();
        try (DynamicGraphQLClient first = client(key); DynamicGraphQLClient second = client(key)) {
            allowed.add(TaskSubscriptionTest.subscribe(first, id));
            allowed.add(TaskSubscriptionTest.subscribe(second, id));
            await().atMost(Duration.ofSeconds(10)).until(() -> allowed.stream().allMatch(r -> !r.statuses().isEmpty()));

            Received refused = TaskSubscriptionTest.subscribe(first, id);

            await().atMost(Duration.ofSeconds(10)).until(refused::answered);
            assertThat(refused.errorCodes()).containsExactly("RATE_LIMITED");
            assertThat(allowed).allSatisfy(r -> assertThat(r.errorCodes()).isEmpty());
        }
        // The two connections closed: their subscriptions ended and gave their places back.
        await().atMost(Duration.ofSeconds(10)).until(() -> caps.live() == 0);
        try (DynamicGraphQLClient later = client(key)) {
            Received received = TaskSubscriptionTest.subscribe(later, id);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.answered() || !received.statuses().isEmpty());
            assertThat(received.errorCodes()).isEmpty();
            assertThat(received.statuses()).isNotEmpty();
        }
    }

    private WebSocketConnectOptions options() {
        return new WebSocketConnectOptions().setHost(graphql.getHost()).setPort(graphql.getPort()).setURI("/graphql")
                .addSubProtocol("graphql-transport-ws");
    }

    private DynamicGraphQLClient client(String key) {
        return new VertxDynamicGraphQLClientBuilder().url(graphql.toString())
                .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                .initPayload(Map.of("Authorization", "Bearer " + key)).build();
    }
}
