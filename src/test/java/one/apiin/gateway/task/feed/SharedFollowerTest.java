package one.apiin.gateway.task.feed;

import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.support.Documents;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;

/** Subscribers of one task on one replica share one follower, and the replica listens to that task's channel only. */
@QuarkusTest
class SharedFollowerTest {

    @Inject
    TaskFeed feed;
    @Inject
    FeedConfig config;
    @Inject
    RedisDataSource redis;

    @Test
    void fiftySubscribersShareOneFollowerAndOneChannelAndAllSeeTheEnd() {
        String key = newKey();
        String owner = ApiKeys.sha256Hex(key);
        String id = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a shared sunrise sim:duration=2500")))
                .getString("data.generateImage.id");
        String channel = config.channel() + ":task:" + id;
        int followedBefore = feed.followedTasks();
        List<List<TaskStatus>> seen = new ArrayList<>();
        List<List<Long>> versions = new ArrayList<>();
        AtomicInteger completed = new AtomicInteger();
        List<Cancellable> subscriptions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<TaskStatus> statuses = new CopyOnWriteArrayList<>();
            List<Long> seenVersions = new CopyOnWriteArrayList<>();
            seen.add(statuses);
            versions.add(seenVersions);
            subscriptions.add(feed.follow(id, owner, new NotFoundException("missing")).subscribe().with(snapshot -> {
                statuses.add(snapshot.status());
                seenVersions.add(snapshot.version());
            }, failure -> {
            }, completed::incrementAndGet));
        }
        assertThat(feed.followedTasks()).isEqualTo(followedBefore + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> channels().contains(channel));

        await().atMost(Duration.ofSeconds(20)).until(() -> completed.get() == 50);
        assertThat(seen).allSatisfy(statuses -> assertThat(statuses).last().isEqualTo(TaskStatus.SUCCEEDED));
        assertThat(versions).allSatisfy(list -> assertThat(list).doesNotHaveDuplicates().isSorted());
        await().atMost(Duration.ofSeconds(5)).until(() -> !channels().contains(channel));
        assertThat(feed.followedTasks()).isEqualTo(followedBefore);
        subscriptions.forEach(Cancellable::cancel);
    }

    @Test
    void someoneElsesTaskIsMissingForThemWhileItsOwnerFollowsIt() {
        String key = newKey();
        String id = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a private sunrise")))
                .getString("data.generateImage.id");
        List<TaskSnapshot> owners = new CopyOnWriteArrayList<>();
        List<Throwable> strangers = new CopyOnWriteArrayList<>();
        feed.follow(id, ApiKeys.sha256Hex(key), new NotFoundException("missing")).subscribe().with(owners::add);
        feed.follow(id, ApiKeys.sha256Hex(newKey()), new NotFoundException("missing")).subscribe()
                .with(snapshot -> {
                }, strangers::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !strangers.isEmpty() && !owners.isEmpty());
        assertThat(strangers.get(0)).isInstanceOf(NotFoundException.class);
    }

    private List<String> channels() {
        List<String> names = new ArrayList<>();
        redis.execute("PUBSUB", "CHANNELS", config.channel() + ":task:*").forEach(name -> names.add(name.toString()));
        return names;
    }
}
