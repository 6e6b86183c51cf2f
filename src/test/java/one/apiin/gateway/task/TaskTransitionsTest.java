package one.apiin.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

class TaskTransitionsTest {

    @Test
    void successWithImagesChargesAndForgetsTheKey() {
        Task task = running();
        assertThat(
                TaskTransitions.apply(task, answer(UpstreamStatus.SUCCEEDED, 100, List.of("https://x/1.png"), null), 8, null))
                .isTrue();
        assertThat(task.status).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.creditsCharged).isEqualTo(8);
        assertThat(task.upstreamKey).isNull();
        assertThat(TaskImages.read(task.images)).containsExactly(TaskImage.fromUrl("https://x/1.png"));
    }

    @Test
    void anEndHoldsOfTheBudgetWhatItWasChargedAndAFollowerHoldsNothing() {
        Task succeeded = running();
        succeeded.reservedPeriodStart = Instant.parse("2026-12-01T00:00:00Z");
        succeeded.creditsReserved = 8;
        List<Object> before = TaskState.read(succeeded);
        TaskTransitions.apply(succeeded, answer(UpstreamStatus.SUCCEEDED, 100, List.of("https://x/1.png"), null), 4,
                null);
        TaskTransitions.settle(succeeded);
        assertThat(succeeded.creditsReserved).as("held: what it was charged").isEqualTo(4);
        assertThat(TaskWrites.ledgerMove(succeeded, before)).as("the budget gets the rest back").isEqualTo(-4);

        Task failed = running();
        failed.reservedPeriodStart = succeeded.reservedPeriodStart;
        failed.creditsReserved = 8;
        List<Object> failedBefore = TaskState.read(failed);
        TaskTransitions.fail(failed, "UPSTREAM_FAILED", "failed");
        TaskTransitions.settle(failed);
        assertThat(TaskWrites.ledgerMove(failed, failedBefore)).isEqualTo(-8);

        Task follower = running();
        follower.status = TaskStatus.QUEUED;
        follower.reservedPeriodStart = succeeded.reservedPeriodStart;
        follower.creditsReserved = 8;
        List<Object> followerBefore = TaskState.read(follower);
        TaskTransitions.follow(follower, TaskSnapshot.of(running()));
        assertThat(TaskWrites.ledgerMove(follower, followerBefore)).as("a follower gives its reservation back")
                .isEqualTo(-8);

        Task unreserved = running();
        List<Object> unreservedBefore = TaskState.read(unreserved);
        TaskTransitions.fail(unreserved, "UPSTREAM_FAILED", "failed");
        TaskTransitions.settle(unreserved);
        assertThat(TaskWrites.ledgerMove(unreserved, unreservedBefore)).as("nothing reserved, nothing moved").isZero();
    }

    @Test
    void fewerImagesThanAskedAreChargedAsReturned() {
        Task task = running();
        task.numImages = 4;
        TaskTransitions.apply(task, answer(UpstreamStatus.SUCCEEDED, 100, List.of("https://x/1.png", "https://x/2.png"),
                null), 8, null);
        assertThat(task.creditsCharged).isEqualTo(16);

        Task generous = running();
        generous.numImages = 1;
        TaskTransitions.apply(generous, answer(UpstreamStatus.SUCCEEDED, 100, List.of("https://x/1.png",
                "https://x/2.png"), null), 8, null);
        assertThat(generous.creditsCharged).isEqualTo(8);
    }

    @Test
    void successWithoutImagesIsAFailureAtNoCost() {
        Task task = running();
        assertThat(TaskTransitions.apply(task, answer(UpstreamStatus.SUCCEEDED, 100, List.of(), null), 8, null)).isTrue();
        assertThat(task.status).isEqualTo(TaskStatus.FAILED);
        assertThat(task.errorCode).isEqualTo("NO_IMAGES");
        assertThat(task.creditsCharged).isZero();
    }

    @Test
    void anUpstreamFailurePassesItsMessageOn() {
        Task task = running();
        TaskTransitions.apply(task, answer(UpstreamStatus.FAILED, null, List.of(), "content rejected"), 8, null);
        assertThat(task.status).isEqualTo(TaskStatus.FAILED);
        assertThat(task.errorCode).isEqualTo("UPSTREAM_FAILED");
        assertThat(task.errorMessage).isEqualTo("content rejected");
    }

    @Test
    void onlyProgressThatMovedIsAChange() {
        Task task = running();
        assertThat(TaskTransitions.apply(task, answer(UpstreamStatus.RUNNING, 40, List.of(), null), 8, null)).isTrue();
        assertThat(task.progress).isEqualTo(40);
        assertThat(TaskTransitions.apply(task, answer(UpstreamStatus.RUNNING, 40, List.of(), null), 8, null)).isFalse();
        assertThat(TaskTransitions.apply(task, answer(UpstreamStatus.UNKNOWN, null, List.of(), null), 8, null)).isFalse();
        assertThat(task.status).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void aFollowerMirrorsItsLeaderAndFailsWithoutOne() {
        Task follower = running();
        TaskSnapshot leader = new TaskSnapshot("tsk_leader", "owner", TaskStatus.SUCCEEDED, 100, "imagen4", "p", null,
                "1:1", 1, 1, List.of(TaskImage.fromUrl("https://x/1.png")), 8, false, null, null, Instant.now(),
                Instant.now(), 7);
        assertThat(TaskTransitions.differs(follower, leader)).isTrue();
        TaskTransitions.mirror(follower, leader);
        assertThat(follower.status).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(follower.creditsCharged).isZero();
        assertThat(TaskImages.read(follower.images)).hasSize(1);

        Task orphan = running();
        TaskTransitions.mirror(orphan, null);
        assertThat(orphan.status).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aRefusalReachesAnotherOwnersFollowerWithoutTheLeadersFigures() {
        Task same = running();
        same.ownerHash = "owner-a";
        Task other = running();
        other.ownerHash = "owner-b";
        String leaders = "Your daily budget of 8 credits has 0 left; it renews at 2026-12-02T00:00:00Z.";
        assertThat(TaskTransitions.refusalFor(same, "owner-a", leaders)).isEqualTo(leaders);
        assertThat(TaskTransitions.refusalFor(other, "owner-a", leaders)).doesNotContain("8").doesNotContain("budget")
                .contains("refused");
    }

    private static Task running() {
        Task task = new Task();
        task.status = TaskStatus.RUNNING;
        task.upstreamKey = "encrypted";
        task.numImages = 1;
        return task;
    }

    private static UpstreamTask answer(UpstreamStatus status, Integer progress, List<String> urls, String error) {
        return new UpstreamTask("up_1", status, status.name(), progress, urls, error, "{}");
    }
}
