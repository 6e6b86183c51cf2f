package one.apiin.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

/** A change is the columns a transition changed, computed without a database: the writer writes those and no other. */
class TaskStateTest {

    @Test
    void nothingChangedIsNothingToWrite() {
        Task task = stored();
        assertThat(TaskState.changed(TaskState.read(task), task)).isEmpty();
    }

    @Test
    void theAcceptanceChangesItsStatusIdAnswerAndTimeOnly() {
        Task task = stored();
        List<Object> before = TaskState.read(task);

        TaskTransitions.accept(task, new UpstreamTask("up-1", UpstreamStatus.RUNNING, "IN_PROGRESS", null, List.of(),
                null, "{\"task_id\":\"up-1\"}"), Instant.parse("2026-12-01T10:00:01Z"));

        assertThat(TaskState.changed(before, task)).containsExactly(TaskState.STATUS, TaskState.UPSTREAM_TASK_ID,
                TaskState.UPSTREAM_RAW, TaskState.UPDATED_AT);
    }

    @Test
    void aSuccessChangesWhatItShowsAndForgetsTheKey() {
        Task task = stored();
        task.status = TaskStatus.RUNNING;
        task.upstreamTaskId = "up-1";
        List<Object> before = TaskState.read(task);

        TaskTransitions.apply(task, new UpstreamTask("up-1", UpstreamStatus.SUCCEEDED, "COMPLETED", 100,
                List.of("https://x/1.png"), null, "{}"), 8, null);

        assertThat(TaskState.changed(before, task)).containsExactly(TaskState.STATUS, TaskState.PROGRESS,
                TaskState.IMAGES, TaskState.CREDITS_CHARGED, TaskState.UPSTREAM_KEY);
    }

    private static Task stored() {
        Task task = new Task();
        task.id = "tsk_state";
        task.status = TaskStatus.QUEUED;
        task.numImages = 1;
        task.upstreamKey = "encrypted";
        task.createdAt = Instant.parse("2026-12-01T10:00:00Z");
        task.updatedAt = task.createdAt;
        task.attemptStartedAt = task.createdAt;
        return task;
    }
}
