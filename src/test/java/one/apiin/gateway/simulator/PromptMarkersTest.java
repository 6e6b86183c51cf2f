package one.apiin.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class PromptMarkersTest {

    @Test
    void plainPromptsCarryNoMarkers() {
        assertEquals(new PromptMarkers(OptionalInt.empty(), false, false, OptionalLong.empty()),
                PromptMarkers.parse("a cat on a sim card, 1:1"));
    }

    @Test
    void readsEveryMarker() {
        PromptMarkers markers = PromptMarkers.parse("a cat sim:fail sim:poll500 sim:duration=20000 SIM:429");

        assertEquals(OptionalInt.of(429), markers.createStatus());
        assertTrue(markers.fail());
        assertTrue(markers.pollFailure());
        assertEquals(OptionalLong.of(20_000), markers.durationMillis());
    }

    @Test
    void pollFailureIsNotACreateStatusAndDurationIsCapped() {
        PromptMarkers markers = PromptMarkers.parse("sim:poll500 sim:duration=99999999999");

        assertEquals(OptionalInt.empty(), markers.createStatus());
        assertFalse(markers.fail());
        assertEquals(OptionalLong.of(PromptMarkers.MAX_DURATION_MILLIS), markers.durationMillis());
    }

    @Test
    void progressIsDerivedFromElapsedTime() {
        SimulatedTaskId task = new SimulatedTaskId(1_000, 2_000, 2, 512, 512, false, false, 1L, "imagen4");

        assertEquals(0, TaskProgress.view("t", task, 1_000, "http://x/").progress());
        assertEquals(50, TaskProgress.view("t", task, 2_000, "http://x/").progress());
        assertEquals(99, TaskProgress.view("t", task, 2_999, "http://x/").progress());
        TaskView done = TaskProgress.view("t", task, 3_000, "http://x/");
        assertEquals(TaskView.COMPLETED, done.status());
        assertEquals(100, done.progress());
        assertEquals(2, done.output().imageUrls().size());
        assertEquals("http://x/0000000000000001-0-512x512.png", done.output().imageUrls().get(0));
    }
}
