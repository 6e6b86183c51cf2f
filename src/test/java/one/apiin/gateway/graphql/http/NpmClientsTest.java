package one.apiin.gateway.graphql.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.GraphQL;
import one.apiin.gateway.support.NodeClients;

/**
 * The frontends' own npm clients against /graphql: graphql-sse and graphql-ws for subscriptions (the websocket path
 * as before), urql's persisted queries.
 */
@QuarkusTest
class NpmClientsTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void graphqlSseFollowsATaskToItsEnd() throws Exception {
        NodeClients.assumeAvailable(NodeClients.TRANSPORTS);
        String key = GraphQL.newKey();
        String id = GraphQL.post(key, Documents.GENERATE, Map.of("input", GraphQL.input("prompt", "an sse lantern")))
                .getString("data.generateImage.id");
        List<JsonNode> results = NodeClients
                .jsonLines(NodeClients.node(NodeClients.TRANSPORTS, "sse.mjs", graphql.toString(), key, id));
        assertThat(results.get(results.size() - 1).path("complete").asBoolean()).isTrue();
        List<JsonNode> states = results.subList(0, results.size() - 1);
        assertThat(states).isNotEmpty().allSatisfy(state -> assertThat(state.at("/data/task/id").asText()).isEqualTo(id));
        JsonNode last = states.get(states.size() - 1);
        assertThat(last.at("/data/task/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.at("/data/task/images/0/url").asText()).isNotEmpty();
    }

    @Test
    void graphqlWsFollowsATaskToItsEndOverTheWebsocketAsBefore() throws Exception {
        NodeClients.assumeAvailable(NodeClients.TRANSPORTS);
        String key = GraphQL.newKey();
        String id = GraphQL.post(key, Documents.GENERATE, Map.of("input", GraphQL.input("prompt", "a ws lantern")))
                .getString("data.generateImage.id");
        List<JsonNode> results = NodeClients
                .jsonLines(NodeClients.node(NodeClients.TRANSPORTS, "ws.mjs", graphql.toString(), key, id));
        assertThat(results.get(results.size() - 1).path("complete").asBoolean()).isTrue();
        assertThat(results.get(results.size() - 2).at("/data/task/status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void graphqlSseIsToldOfAnotherOwnersTask() throws Exception {
        NodeClients.assumeAvailable(NodeClients.TRANSPORTS);
        String id = GraphQL.post(GraphQL.newKey(), Documents.GENERATE,
                Map.of("input", GraphQL.input("prompt", "not yours to stream"))).getString("data.generateImage.id");
        List<JsonNode> results = NodeClients.jsonLines(
                NodeClients.node(NodeClients.TRANSPORTS, "sse.mjs", graphql.toString(), GraphQL.newKey(), id));
        assertThat(results.get(0).at("/errors/0/extensions/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(results.get(results.size() - 1).path("complete").asBoolean()).isTrue();
    }

    @Test
    void urqlsPersistedQueriesRegisterOnceThenSendOnlyTheHashOverGet() throws Exception {
        NodeClients.assumeAvailable(NodeClients.TRANSPORTS);
        String suffix = UUID.randomUUID().toString().replace("-", "");
        JsonNode run = NodeClients.jsonLines(NodeClients.node(NodeClients.TRANSPORTS, "apq.mjs", graphql.toString(), suffix))
                .get(0);
        assertThat(run.at("/first/error").isNull()).as("first answer: %s", run).isTrue();
        assertThat(run.at("/first/models").asInt()).isGreaterThan(0);
        assertThat(run.at("/second/models").asInt()).isEqualTo(run.at("/first/models").asInt());
        JsonNode requests = run.get("requests");
        // The hash alone (unknown), then the document with its hash, then the hash alone again, now known.
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).get("document").asBoolean()).isFalse();
        assertThat(requests.get(0).get("method").asText()).isEqualTo("GET");
        assertThat(requests.get(1).get("document").asBoolean()).isTrue();
        assertThat(requests.get(2).get("document").asBoolean()).isFalse();
        assertThat(requests.get(2).get("method").asText()).isEqualTo("GET");
        assertThat(requests.get(2).get("status").asInt()).isEqualTo(200);
        assertThat(requests.get(2).get("cacheControl").asText()).startsWith("public");
    }
}
