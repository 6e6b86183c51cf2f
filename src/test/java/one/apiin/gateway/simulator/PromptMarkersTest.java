package one.apiin.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class PromptMarkersTest {

    @Test
    void plainPromptsCarryNoMarkers() {
        assertThat(PromptMarkers.parse("a cat on a sim card, 1:1"))
                .isEqualTo(new PromptMarkers(OptionalInt.empty(), false, false, OptionalLong.empty()));
    }

    @Test
    void readsEveryMarker() {
        PromptMarkers markers = PromptMarkers.parse("a cat sim:fail sim:poll500 sim:duration=20000 SIM:429");

        assertThat(markers.createStatus()).hasValue(429);
        assertThat(markers.fail()).isTrue();
        assertThat(markers.pollFailure()).isTrue();
        assertThat(markers.durationMillis()).hasValue(20_000L);
    }

    @Test
    void pollFailureIsNotACreateStatusAndDurationIsCapped() {
        PromptMarkers markers = PromptMarkers.parse("sim:poll500 sim:duration=99999999999");

        assertThat(markers.createStatus()).isEmpty();
        assertThat(markers.fail()).isFalse();
        assertThat(markers.durationMillis()).hasValue(PromptMarkers.MAX_DURATION_MILLIS);
    }

    @Test
    void sizeOverridesTheAspectRatioWithinTheImageIdBounds() {
        assertThat(PromptMarkers.parse("big sim:size=1024x768").size()).contains(new ImageSize(1024, 768));
        assertThat(PromptMarkers.parse("sim:SIZE=99999x0").size())
                .contains(new ImageSize(SimulatedTaskId.MAX_SIDE, 1));
        assertThat(PromptMarkers.parse("sim:size=12x").size()).isEmpty();
    }

    @Test
    void createImagesAnswersCarryTheImages() {
        assertThat(PromptMarkers.parse("sim:create=images").answersWithImages()).isTrue();
        assertThat(PromptMarkers.parse("sim:create=imagesnoid").createAnswer()).contains("imagesnoid");
        assertThat(PromptMarkers.parse("sim:create=IMAGESNOID").answersWithImages()).isTrue();
        assertThat(PromptMarkers.parse("sim:create=noid").answersWithImages()).isFalse();
        assertThat(PromptMarkers.parse("sim:create=imagesx").createAnswer()).isEmpty();
    }

    @Test
    void fewerImagesAndInlineImages() {
        assertThat(PromptMarkers.parse("sim:fewer=2").imagesMade(4)).isEqualTo(2);
        assertThat(PromptMarkers.parse("sim:fewer=9").imagesMade(4)).isEqualTo(4);
        assertThat(PromptMarkers.parse("sim:fewer=0").imagesMade(4)).isEqualTo(1);
        assertThat(PromptMarkers.parse("no marker").imagesMade(4)).isEqualTo(4);
        assertThat(PromptMarkers.parse("sim:B64").inline()).isTrue();
        assertThat(PromptMarkers.parse("sim:b64x").inline()).isFalse();
    }

    @Test
    void aProxyTimeoutIsAnOddCreateAnswer() {
        assertThat(PromptMarkers.parse("sim:create=proxy504").createAnswer()).contains(PromptMarkers.PROXY_TIMEOUT);
        assertThat(PromptMarkers.parse("sim:create=PROXY504").answersWithImages()).isFalse();
    }

    @Test
    void pollsNotFoundAreCountedAndCapped() {
        assertThat(PromptMarkers.parse("not known yet sim:poll404=2").pollsNotFound()).isEqualTo(2);
        assertThat(PromptMarkers.parse("sim:POLL404=999999").pollsNotFound()).isEqualTo(PromptMarkers.MAX_POLLS_NOT_FOUND);
        assertThat(PromptMarkers.parse("sim:poll404").pollsNotFound()).isZero();
        assertThat(PromptMarkers.parse("sim:poll404=2").createStatus()).isEmpty();
    }

    @Test
    void expiryIsReadAndCapped() {
        assertThat(PromptMarkers.parse("sim:expire=1500").expireMillis()).hasValue(1_500L);
        assertThat(PromptMarkers.parse("sim:expire=999999999999").expireMillis())
                .hasValue(PromptMarkers.MAX_EXPIRE_MILLIS);
        assertThat(PromptMarkers.parse("a cat").expireMillis()).isEmpty();
    }

    @Test
    void imageDelayIsReadAndCapped() {
        assertThat(PromptMarkers.parse("a lagging cdn sim:imageDelay=2500").imageDelayMillis()).hasValue(2_500L);
        assertThat(PromptMarkers.parse("sim:IMAGEDELAY=999999999999").imageDelayMillis())
                .hasValue(PromptMarkers.MAX_IMAGE_DELAY_MILLIS);
        assertThat(PromptMarkers.MAX_IMAGE_DELAY_MILLIS).isEqualTo(600_000L);
        assertThat(PromptMarkers.parse("sim:imagedelay=").imageDelayMillis()).isEmpty();
        assertThat(PromptMarkers.parse("sim:expire=1500").imageDelayMillis()).isEmpty();
    }

    @Test
    void delayedImageUrlsCarryTheInstantTheyBecomeReadyBeforeTheirExpiry() {
        SimulatedTaskId task = new SimulatedTaskId(1_000, 2_000, 1, 512, 512, false, false, 1L, "imagen4", false,
                OptionalLong.of(500), OptionalLong.of(200));
        SimulatedTaskId delayedOnly = new SimulatedTaskId(1_000, 2_000, 1, 512, 512, false, false, 1L, "imagen4",
                false, OptionalLong.empty(), OptionalLong.of(200));

        assertThat(TaskProgress.view("t", task, 3_000, "http://x/").output().imageUrls())
                .containsExactly("http://x/0000000000000001-0-512x512-r3200-e3500.png");
        assertThat(TaskProgress.view("t", delayedOnly, 3_000, "http://x/").output().imageUrls())
                .containsExactly("http://x/0000000000000001-0-512x512-r3200.png");
    }

    @Test
    void expiringImageUrlsCarryTheInstantAfterCompletion() {
        SimulatedTaskId task = new SimulatedTaskId(1_000, 2_000, 1, 512, 512, false, false, 1L, "imagen4", false,
                OptionalLong.of(500));

        assertThat(TaskProgress.view("t", task, 3_000, "http://x/").output().imageUrls())
                .containsExactly("http://x/0000000000000001-0-512x512-e3500.png");
    }

    @Test
    void progressIsDerivedFromElapsedTime() {
        SimulatedTaskId task = new SimulatedTaskId(1_000, 2_000, 2, 512, 512, false, false, 1L, "imagen4");

        assertThat(TaskProgress.view("t", task, 1_000, "http://x/").progress()).isEqualTo(0);
        assertThat(TaskProgress.view("t", task, 2_000, "http://x/").progress()).isEqualTo(50);
        assertThat(TaskProgress.view("t", task, 2_999, "http://x/").progress()).isEqualTo(99);
        SimulatedTaskView done = TaskProgress.view("t", task, 3_000, "http://x/");
        assertThat(done.status()).isEqualTo(SimulatedTaskView.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.output().imageUrls().size()).isEqualTo(2);
        assertThat(done.output().imageUrls().get(0)).isEqualTo("http://x/0000000000000001-0-512x512.png");
    }
}
