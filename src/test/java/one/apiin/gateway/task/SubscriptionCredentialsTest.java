package one.apiin.gateway.task;

import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.GatewayKeysForTests;
import one.apiin.gateway.support.Tokens;
import one.apiin.gateway.task.TaskSubscriptionTest.Received;

/** Tokens and gateway keys in connection_init, and subscriptions that end when their credential stops working. */
@QuarkusTest
class SubscriptionCredentialsTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void aTokenInConnectionInitFollowsTheUsersTask() throws Exception {
        String token = Tokens.user();
        String id = generate(token, "a token user's subscribed sunrise");
        try (DynamicGraphQLClient client = client(token)) {
            Received received = TaskSubscriptionTest.subscribe(client, id);
            await().atMost(Duration.ofSeconds(20)).untilTrue(received.completed);
            assertThat(received.statuses()).last().isEqualTo("SUCCEEDED");
            assertThat(received.errorCodes()).isEmpty();
        }
    }

    @Test
    void aSubscriptionEndsWhenItsTokenExpires() throws Exception {
        String subject = "short-lived-" + System.nanoTime();
        String id = generate(Tokens.user(subject), "a long sunrise sim:duration=30000");
        try (DynamicGraphQLClient client = client(Tokens.expiringAt(subject, Instant.now().plusSeconds(4)))) {
            Received received = TaskSubscriptionTest.subscribe(client, id);
            await().atMost(Duration.ofSeconds(15)).until(received::answered);
            await().atMost(Duration.ofSeconds(15)).until(() -> received.errorCodes().contains("UNAUTHENTICATED"));
            assertThat(received.statuses()).doesNotContain("SUCCEEDED");
        }
    }

    @Test
    void aSubscriptionEndsWhenItsGatewayKeyIsRevoked() throws Exception {
        JsonPath created = post(Tokens.admin(), GatewayKeysForTests.CREATE, Map.of("input", Map.of("name", "revoked soon")));
        String key = created.getString("data.createApiKey.key");
        String id = generate(key, "a long sunrise for a key sim:duration=30000");
        try (DynamicGraphQLClient client = client(key)) {
            Received received = TaskSubscriptionTest.subscribe(client, id);
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.statuses().isEmpty());
            post(Tokens.admin(), "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
                    Map.of("id", created.getString("data.createApiKey.apiKey.id")));
            await().atMost(Duration.ofSeconds(30)).until(() -> received.errorCodes().contains("UNAUTHENTICATED"));
            assertThat(received.statuses()).doesNotContain("SUCCEEDED");
        }
    }

    @Test
    void aForgedTokenInConnectionInitFollowsNothing() throws Exception {
        String id = generate(Tokens.user(), "a sunrise someone else wants");
        try (DynamicGraphQLClient client = client(Tokens.forged())) {
            Received received = TaskSubscriptionTest.subscribe(client, id);
            await().atMost(Duration.ofSeconds(10)).until(received::answered);
            assertThat(received.errorCodes()).containsExactly("UNAUTHENTICATED");
            assertThat(received.statuses()).isEmpty();
        }
    }

    private DynamicGraphQLClient client(String credential) {
        return new VertxDynamicGraphQLClientBuilder().url(graphql.toString())
                .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                .initPayload(Map.of("Authorization", "Bearer " + credential)).build();
    }

    private static String generate(String credential, String prompt) {
        JsonPath created = post(credential, Documents.GENERATE, Map.of("input", Map.of("prompt", prompt)));
        assertThat(created.getList("errors")).as(created.prettify()).isNull();
        return created.getString("data.generateImage.id");
    }
}
