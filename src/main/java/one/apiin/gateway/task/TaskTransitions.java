package one.apiin.gateway.task;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

/** How a task changes: pure functions over the entity, kept apart from the transactions that apply them. */
final class TaskTransitions {

    private TaskTransitions() {
    }

    /**
     * Applies one upstream status answer; returns whether anything the Task shows changed. {@code images} are the
     * answer's images as the gateway keeps them (null: as the upstream's URLs); a success is charged
     * {@code creditsPerImage} for each image returned, at most for those asked.
     */
    static boolean apply(Task task, UpstreamTask upstream, int creditsPerImage, List<TaskImage> images) {
        UpstreamStatus status = upstream.status();
        if (status == UpstreamStatus.SUCCEEDED && !upstream.imageUrls().isEmpty()) {
            List<TaskImage> ended = images != null ? images
                    : upstream.imageUrls().stream().map(TaskImage::fromUrl).toList();
            task.status = TaskStatus.SUCCEEDED;
            task.progress = 100;
            task.images = TaskImages.write(ended);
            // Billed per image returned: an upstream that made fewer than asked charged for fewer.
            task.creditsCharged = creditsPerImage * Math.min(task.numImages, ended.size());
            task.upstreamKey = null;
            return true;
        }
        if (status == UpstreamStatus.FAILED) {
            fail(task, "UPSTREAM_FAILED",
                    Objects.requireNonNullElse(upstream.errorMessage(), "The upstream reported the generation as failed."));
            return true;
        }
        if (status == UpstreamStatus.SUCCEEDED) {
            fail(task, "NO_IMAGES", "The upstream finished without returning any image.");
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

    /**
     * The upstream accepted the task (its creation answer, or its callback naming the generation): RUNNING under the
     * upstream's id, with the progress it reported and its answer kept (capped).
     */
    static void accept(Task task, UpstreamTask upstream, Instant now) {
        task.status = TaskStatus.RUNNING;
        task.upstreamTaskId = upstream.taskId();
        task.progress = upstream.progress();
        task.upstreamRaw = TaskWrites.capped(upstream.raw());
        task.updatedAt = now;
    }

    /**
     * What a follower is told of the refusal of the generation it shared: the leader's own words for the leader's
     * owner, a plain sentence for any other (the words may hold the leader's budget figures or limits).
     */
    static String refusalFor(Task follower, String leaderOwner, String message) {
        return follower.ownerHash != null && follower.ownerHash.equals(leaderOwner) ? message
                : "The identical generation this task shared (another caller's request) was refused; start it again to"
                        + " have it made for you.";
    }

    /** Whether some of a task's images still wait for their copy into the gateway's store. */
    static boolean imagesPending(List<TaskImage> images) {
        return images.stream().anyMatch(image -> image.storage() == ImageStorage.PENDING);
    }

    /**
     * A task that ended holds of its owner's budget what it was charged (all of its price on success, nothing on
     * failure): its reservation is settled. Applied by the writer to every change, so that no end is left unsettled.
     */
    static void settle(Task task) {
        if (task.status.terminal() && task.reservedPeriodStart != null) {
            task.creditsReserved = task.creditsCharged;
        }
    }

    /** Ends a task FAILED: free, and its key is no longer needed. */
    static void fail(Task task, String code, String message) {
        task.status = TaskStatus.FAILED;
        task.errorCode = code;
        task.errorMessage = message;
        task.creditsCharged = 0;
        task.upstreamKey = null;
    }

    /** Turns a task not yet submitted into one that shares its leader's generation: free, no upstream call of its own. */
    static void follow(Task task, TaskSnapshot leader) {
        task.leaderTaskId = leader.id();
        task.cached = true;
        task.upstreamKey = null;
        task.upstreamRequest = null;
        // It makes no call of its own: the attempt recorded when it was stored is dropped.
        task.attemptStartedAt = null;
        task.submitAttempts = 0;
        // And it holds nothing of its owner's budget: the writer gives its reservation back.
        task.creditsReserved = 0;
        mirror(task, leader);
    }

    /** Makes a follower show its leader's state; a missing leader fails it. */
    static void mirror(Task follower, TaskSnapshot leader) {
        if (leader == null) {
            fail(follower, "UPSTREAM_FAILED", "The shared generation this task followed was lost.");
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
