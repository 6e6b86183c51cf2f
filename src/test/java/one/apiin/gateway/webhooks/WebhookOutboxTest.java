package one.apiin.gateway.webhooks;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.support.WebhookReceiver;

/**
 * The outbox as replicas share it: a delivery whose task ended while no replica delivered it (the one that ended it
 * died first) is made by the next claim, once, however many claims race for it.
 */
@QuarkusTest
class WebhookOutboxTest {

    @Inject
    Pool pool;
    @Inject
    WebhookDelivery delivery;

    @Test
    void aDeliveryLeftBehindByACrashIsMadeOnceWhateverClaimsRaceForIt() {
        String key = newKey();
        String taskId = given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("prompt", "an orphaned comet " + UUID.randomUUID())).post("/api/v1/images/generations")
                .then().statusCode(200).extract().path("data.task_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(given()
                .header("Authorization", "Bearer " + key).get("/api/v1/tasks/" + taskId).then().extract()
                .jsonPath().getString("data.status")));

        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            // The row a replica wrote when it accepted the task, before dying between the task's end and its delivery.
            pool.preparedQuery("insert into webhook_delivery (id, task_id, owner_hash, url, image_base,"
                    + " next_attempt_at, created_at) select $1, id, owner_hash, $2, 'http://localhost', $3, $3"
                    + " from task where id = $4")
                    .execute(Tuple.of("msg_orphan_" + UUID.randomUUID(), receiver.url("/late"),
                            Instant.now().atOffset(ZoneOffset.UTC), taskId))
                    .await().indefinitely();

            IntStream.range(0, 8).parallel().forEach(i -> delivery.deliverDue(i % 2 == 0 ? taskId : null));

            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.preparedQuery("select delivered_at from"
                    + " webhook_delivery where task_id = $1").execute(Tuple.of(taskId)).await().indefinitely()
                    .iterator().next().getValue(0) != null);
            // Another scan after the delivery was recorded finds nothing due.
            delivery.deliverDue(null);
            delivery.deliverDue(taskId);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.received().size() == 1);
            JsonPath body = JsonPath.from(receiver.received().get(0).body());
            assertThat(body.getString("type")).isEqualTo("task.completed");
            assertThat(body.getString("data.task_id")).isEqualTo(taskId);
            assertThat(body.getString("data.images[0].url")).startsWith("http://localhost/images/");
        }
    }
}
