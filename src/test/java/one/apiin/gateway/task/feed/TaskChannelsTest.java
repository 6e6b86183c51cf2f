package one.apiin.gateway.task.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A task's channel stays subscribed while anything on the replica follows the task, however its followers come and
 * go: the last follower leaving while a new one joins must not end with the UNSUBSCRIBE sent after the SUBSCRIBE
 * (the new follower would hear of the task's changes only from its periodic re-read, up to 15 s late).
 */
@QuarkusTest
class TaskChannelsTest {

    private static final int TASKS = 5000;

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void aFollowerJoiningAsTheLastOneLeavesKeepsTheChannel() throws Exception {
        String prefix = "channels-test-" + UUID.randomUUID();
        TaskChannels channels = new TaskChannels(redis.getRedis(), prefix, (task, message) -> {
        });
        channels.start();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            await().atMost(Duration.ofSeconds(10)).until(channels::connected);
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String task = "tsk_" + i;
                tasks.add(task);
                channels.join(task);
                // The last follower leaves while a new one joins, at the same moment.
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> leaving = threads.submit(() -> {
                    together.await();
                    channels.leave(task);
                    return null;
                });
                Future<?> joining = threads.submit(() -> {
                    together.await();
                    channels.join(task);
                    return null;
                });
                leaving.get();
                joining.get();
            }
            // Every task has one follower: its channel must have this replica's connection as its subscriber.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(unsubscribed(channels, tasks)).isEmpty());
        } finally {
            threads.shutdownNow();
            channels.close();
        }
    }

    /** The tasks whose channel has no subscriber, by {@code PUBSUB NUMSUB}. */
    private List<String> unsubscribed(TaskChannels channels, List<String> tasks) {
        Request request = Request.cmd(Command.PUBSUB).arg("NUMSUB");
        tasks.forEach(task -> request.arg(channels.channelOf(task)));
        Response counts = redis.getRedis().send(request).await().atMost(Duration.ofSeconds(5));
        List<String> missing = new ArrayList<>();
        boolean map = counts.size() != 2 * tasks.size(); // RESP3 answers a map, RESP2 a flat array
        for (int i = 0; i < tasks.size(); i++) {
            Response count = map ? counts.get(channels.channelOf(tasks.get(i))) : counts.get(2 * i + 1);
            if (count == null || count.toLong() == 0) {
                missing.add(tasks.get(i));
            }
        }
        return missing;
    }
}
