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

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;

import one.apiin.gateway.support.LiveHeap;
import one.apiin.gateway.task.TaskSubscriptionTest.Received;

/**
 * Issue 20, item 2: what a live subscription holds between its events. SmallRye kept the context of the last field
 * of each event's execution in the subscription's GraphQL context, and with it that event's whole execution (its own
 * {@code ExecutionContext}, data-fetching environments, step infos...) for as long as the subscription lived: most of a
 * live UI's heap. Counted here in the live heap (a class histogram, which collects first): a subscription that has had
 * its current state holds its own execution, and not also its last event's.
 */
@QuarkusTest
class SubscriptionHeapTest {

    private static final int SUBSCRIPTIONS = 40;

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void aSubscriptionDoesNotKeepItsLastEventsExecution() throws Exception {
        String key = newKey();
        String id = generate(key, "held in the heap sim:duration=600000");
        long executionsBefore = LiveHeap.instances("graphql.execution.ExecutionContext");
        long environmentsBefore = LiveHeap.instances("graphql.schema.DataFetchingEnvironmentImpl");
        long operationsBefore = LiveHeap.instances("graphql.normalized.ExecutableNormalizedOperation");
        try (DynamicGraphQLClient client = new VertxDynamicGraphQLClientBuilder().url(graphql.toString())
                .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                .initPayload(Map.of("Authorization", "Bearer " + key)).build()) {
            List<Received> live = new ArrayList<>();
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                live.add(TaskSubscriptionTest.subscribe(client, id));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> live.stream().allMatch(r -> !r.statuses().isEmpty()));
            assertThat(live).allSatisfy(r -> assertThat(r.errorCodes()).isEmpty());

            long executions = LiveHeap.instances("graphql.execution.ExecutionContext") - executionsBefore;
            long environments = LiveHeap.instances("graphql.schema.DataFetchingEnvironmentImpl") - environmentsBefore;
            long operations = LiveHeap.instances("graphql.normalized.ExecutableNormalizedOperation") - operationsBefore;
            // No execution: each event is rendered in a context of its own (the stream's own execution was kept
            // for the subscription's life before, and the last event's was a second one before that).
            assertThat(executions).as("live executions for %d subscriptions", SUBSCRIPTIONS)
                    .isLessThan(SUBSCRIPTIONS / 4);
            assertThat(operations).as("live normalized operations for %d subscriptions", SUBSCRIPTIONS)
                    .isLessThan(SUBSCRIPTIONS / 4);
            // The root field's environment, which SmallRye keeps, holds values only.
            assertThat(environments).as("live data-fetching environments for %d subscriptions", SUBSCRIPTIONS)
                    .isLessThan(SUBSCRIPTIONS * 3L / 2);
        }
    }
}
