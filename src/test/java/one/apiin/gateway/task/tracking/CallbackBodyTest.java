package one.apiin.gateway.task.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.upstream.UpstreamStatus;

/** What a callback body may name: the upstream's task id, read as API in One and the simulator send it, or nothing. */
class CallbackBodyTest {

    @Test
    void theTaskIdIsReadUnderAnyOfItsNames() {
        assertThat(UpstreamCallbacks.upstreamTask("{\"task_id\":\"up-1\",\"status\":\"COMPLETED\"}").taskId())
                .isEqualTo("up-1");
        assertThat(UpstreamCallbacks.upstreamTask("{\"data\":{\"taskId\":\"up-2\"}}").taskId()).isEqualTo("up-2");
        // Only the id is taken: the generation is polled before anything it says counts.
        assertThat(UpstreamCallbacks.upstreamTask("{\"id\":\"up-3\",\"status\":\"COMPLETED\"}").status())
                .isEqualTo(UpstreamStatus.RUNNING);
    }

    @Test
    void bodiesThatNameNothingFollowableAreIgnored() {
        assertThat(UpstreamCallbacks.upstreamTask(null)).isNull();
        assertThat(UpstreamCallbacks.upstreamTask("")).isNull();
        assertThat(UpstreamCallbacks.upstreamTask("<html>ok</html>")).isNull();
        assertThat(UpstreamCallbacks.upstreamTask("{\"status\":\"COMPLETED\"}")).isNull();
        assertThat(UpstreamCallbacks.upstreamTask("{\"task_id\":\"" + "x".repeat(256) + "\"}")).isNull();
        assertThat(UpstreamCallbacks.upstreamTask("{\"task_id\":\"" + "x".repeat(UpstreamCallbacks.MAX_BODY) + "\"}"))
                .isNull();
    }
}
