package one.apiin.gateway.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The columns a change of a task's state writes, each read off the row: the one place that maps what a
 * {@link TaskTransitions transition} changes to the table. A change is the difference between the values read before a
 * transition and after it; the writer ({@link TaskRepository#write}) writes exactly those columns.
 */
enum TaskState {
    STATUS("status", task -> task.status.name()),
    PROGRESS("progress", task -> task.progress),
    IMAGES("images", task -> task.images),
    CREDITS_CHARGED("credits_charged", task -> task.creditsCharged),
    ERROR_CODE("error_code", task -> task.errorCode),
    ERROR_MESSAGE("error_message", task -> task.errorMessage),
    UPSTREAM_TASK_ID("upstream_task_id", task -> task.upstreamTaskId),
    UPSTREAM_KEY("upstream_key", task -> task.upstreamKey),
    UPSTREAM_RAW("upstream_raw", task -> task.upstreamRaw),
    LAST_STATUS_AT("last_status_at", task -> utc(task.lastStatusAt)),
    UPDATED_AT("updated_at", task -> utc(task.updatedAt)),
    IMAGES_PENDING_SINCE("images_pending_since", task -> utc(task.imagesPendingSince)),
    ATTEMPT_STARTED_AT("attempt_started_at", task -> utc(task.attemptStartedAt)),
    SUBMIT_ATTEMPTS("submit_attempts", task -> task.submitAttempts),
    CREDITS_RESERVED("credits_reserved", task -> task.creditsReserved),
    RESERVED_PERIOD_START("reserved_period_start", task -> utc(task.reservedPeriodStart)),
    LEADER_TASK_ID("leader_task_id", task -> task.leaderTaskId),
    CACHED("cached", task -> task.cached),
    UPSTREAM_REQUEST("upstream_request", task -> task.upstreamRequest);

    final String column;
    private final Function<Task, Object> value;

    TaskState(String column, Function<Task, Object> value) {
        this.column = column;
        this.value = value;
    }

    Object of(Task task) {
        return value.apply(task);
    }

    /** The state of a task as it is now, in the order of the constants. */
    static List<Object> read(Task task) {
        List<Object> values = new ArrayList<>();
        for (TaskState state : values()) {
            values.add(state.of(task));
        }
        return values;
    }

    /** The columns whose value differs between {@code before} (as {@link #read}) and the task now. */
    static List<TaskState> changed(List<Object> before, Task after) {
        List<TaskState> changed = new ArrayList<>();
        for (TaskState state : values()) {
            if (!Objects.equals(before.get(state.ordinal()), state.of(after))) {
                changed.add(state);
            }
        }
        return changed;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
