package one.apiin.gateway.task;

import java.util.Objects;

import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

/** How a task changes: pure functions over the entity, kept apart from the transactions that apply them. */
final class TaskTransitions {

    private TaskTransitions() {
    }

    /** Applies one upstream status answer; returns whether anything the Task shows changed. */
    static boolean apply(Task task, UpstreamTask upstream, int creditsOnSuccess) {
        UpstreamStatus status = upstream.status();
        if (status == UpstreamStatus.SUCCEEDED && !upstream.imageUrls().isEmpty()) {
            task.status = TaskStatus.SUCCEEDED;
            task.progress = 100;
            task.images = TaskImages.write(upstream.imageUrls().stream().map(TaskImage::fromUrl).toList());
            task.creditsCharged = creditsOnSuccess;
            task.upstreamKey = null;
            return true;
        }
        if (status == UpstreamStatus.SUCCEEDED || status == UpstreamStatus.FAILED) {
            task.status = TaskStatus.FAILED;
            task.errorCode = status == UpstreamStatus.FAILED ? "UPSTREAM_FAILED" : "NO_IMAGES";
            task.errorMessage = status == UpstreamStatus.FAILED
                    ? Objects.requireNonNullElse(upstream.errorMessage(), "The upstream reported the generation as failed.")
                    : "The upstream finished without returning any image.";
            task.creditsCharged = 0;
            task.upstreamKey = null;
            return true;
        }
        boolean changed = false;
        if (task.status == TaskStatus.QUEUED) {
            task.status = TaskStatus.RUNNING;
            changed = true;
        }
        if (upstream.progress() != null && !upstream.progress().equals(task.progress)) {
            task.progress = upstream.progress();
            changed = true;
        }
        return changed;
    }

    /** Makes a follower show its leader's state; a missing leader fails it. */
    static void mirror(Task follower, TaskSnapshot leader) {
        if (leader == null) {
            follower.status = TaskStatus.FAILED;
            follower.errorCode = "UPSTREAM_FAILED";
            follower.errorMessage = "The shared generation this task followed was lost.";
            return;
        }
        follower.status = leader.status() == TaskStatus.QUEUED ? TaskStatus.RUNNING : leader.status();
        follower.progress = leader.progress();
        follower.images = TaskImages.write(leader.images());
        follower.errorCode = leader.errorCode();
        follower.errorMessage = leader.errorMessage();
    }

    static boolean differs(Task follower, TaskSnapshot leader) {
        return leader == null || (leader.status().terminal() && leader.status() != follower.status)
                || !Objects.equals(leader.progress(), follower.progress);
    }
}
