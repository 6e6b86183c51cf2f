package one.apiin.gateway.task.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.support.Sink;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;

/** The shared follower's ordering rules, without a server. */
class TaskFollowerTest {

    static TaskSnapshot version(long version, TaskStatus status) {
        return new TaskSnapshot("tsk_1", "owner", status, status == TaskStatus.SUCCEEDED ? 100 : (int) version * 10,
                "imagen4", "a prompt", null, "1:1", 1, null, List.of(), 0, false, null, null, Instant.EPOCH,
                Instant.EPOCH, version);
    }

    record Seen(List<TaskSnapshot> items, AtomicBoolean completed) {
    }

    static Seen subscribe(TaskFollower follower, String owner) {
        Seen seen = new Seen(new CopyOnWriteArrayList<>(), new AtomicBoolean());
        Sink.<TaskSnapshot> multi(emitter -> follower
                .add(new TaskFollower.Subscription(emitter, owner, new NotFoundException("missing"))))
                .subscribe().with(seen.items()::add, failure -> {
                }, () -> seen.completed().set(true));
        return seen;
    }

    @Test
    void anEndThatArrivesWhileTheFirstReadIsUnderWayIsDelivered() {
        TaskFollower follower = new TaskFollower("tsk_1");
        Seen seen = subscribe(follower, "owner");
        follower.changed(version(5, TaskStatus.SUCCEEDED));
        follower.read(version(2, TaskStatus.RUNNING));
        assertThat(seen.items()).extracting(TaskSnapshot::version).containsExactly(5L);
        assertThat(seen.completed()).isTrue();
    }

    @Test
    void laterSubscribersStartFromTheNewestStateAndNobodySeesAVersionTwice() {
        TaskFollower follower = new TaskFollower("tsk_1");
        Seen first = subscribe(follower, "owner");
        follower.read(version(1, TaskStatus.RUNNING));
        follower.changed(version(2, TaskStatus.RUNNING));
        follower.changed(version(2, TaskStatus.RUNNING));
        follower.changed(version(1, TaskStatus.RUNNING));
        Seen second = subscribe(follower, "owner");
        follower.read(version(2, TaskStatus.RUNNING));
        follower.changed(version(3, TaskStatus.SUCCEEDED));
        assertThat(first.items()).extracting(TaskSnapshot::version).containsExactly(1L, 2L, 3L);
        assertThat(second.items()).extracting(TaskSnapshot::version).containsExactly(2L, 3L);
        assertThat(first.completed()).isTrue();
        assertThat(second.completed()).isTrue();
    }
}
