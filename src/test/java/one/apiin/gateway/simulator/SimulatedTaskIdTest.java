package one.apiin.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedTaskIdTest {

    @Test
    void roundTrips() {
        SimulatedTaskId id = new SimulatedTaskId(1_732_400_000_123L, 20_000, 4, 512, 288, true, false,
                0xfedcba9876543210L, "gpt-image-1.5.official");

        String encoded = id.encode();

        assertThat(encoded).as("URL-safe without padding: " + encoded).matches("[A-Za-z0-9_-]+");
        assertThat(SimulatedTaskId.decode(encoded)).contains(id);
    }

    @Test
    void roundTripsBothFlags() {
        SimulatedTaskId id = new SimulatedTaskId(5, 0, 1, 1, 1, false, true, 0L, "imagen4");
        assertThat(SimulatedTaskId.decode(id.encode())).contains(id);
    }

    @Test
    void expiringIdsRoundTripAndIdsThatNeverExpireKeepTheFirstForm() {
        SimulatedTaskId expiring = new SimulatedTaskId(1_000, 500, 1, 512, 512, false, false, 7L, "a.b.c", false,
                OptionalLong.of(2_000));
        SimulatedTaskId never = new SimulatedTaskId(1_000, 500, 1, 512, 512, false, false, 7L, "a.b.c");

        assertThat(SimulatedTaskId.decode(expiring.encode())).contains(expiring);
        assertThat(expiring.imagesExpireAtMillis()).hasValue(3_500);
        assertThat(never.imagesExpireAtMillis()).isEmpty();
        assertThat(decodedText(never.encode())).isEqualTo("1.rs.dw.1.512.512.0.0000000000000007.a.b.c");
        assertThat(decodedText(expiring.encode())).isEqualTo("2.rs.dw.1.512.512.0.0000000000000007.1jk.a.b.c");
    }

    @Test
    void delayedIdsRoundTripWithOrWithoutExpiryAndOtherIdsKeepTheirForm() {
        SimulatedTaskId delayed = new SimulatedTaskId(1_000, 500, 1, 512, 512, false, false, 7L, "a.b.c", false,
                OptionalLong.empty(), OptionalLong.of(3_000));
        SimulatedTaskId both = new SimulatedTaskId(1_000, 500, 1, 512, 512, false, false, 7L, "a.b.c", false,
                OptionalLong.of(2_000), OptionalLong.of(3_000));
        SimulatedTaskId expiring = new SimulatedTaskId(1_000, 500, 1, 512, 512, false, false, 7L, "a.b.c", false,
                OptionalLong.of(2_000));

        assertThat(SimulatedTaskId.decode(delayed.encode())).contains(delayed);
        assertThat(SimulatedTaskId.decode(both.encode())).contains(both);
        assertThat(decodedText(delayed.encode())).isEqualTo("3.rs.dw.1.512.512.0.0000000000000007..2bc.a.b.c");
        assertThat(decodedText(both.encode())).isEqualTo("3.rs.dw.1.512.512.0.0000000000000007.1jk.2bc.a.b.c");
        assertThat(decodedText(expiring.encode())).isEqualTo("2.rs.dw.1.512.512.0.0000000000000007.1jk.a.b.c");
        assertThat(delayed.imagesReadyAtMillis()).hasValue(4_500);
        assertThat(delayed.imagesExpireAtMillis()).isEmpty();
        assertThat(expiring.imagesReadyAtMillis()).isEmpty();
    }

    private static String decodedText(String taskId) {
        return new String(Base64.getUrlDecoder().decode(taskId), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "n47xxxx_imagen4", "!!!", "task_abc123", "aGVsbG8" })
    void garbageDecodesToEmpty(String taskId) {
        assertThat(SimulatedTaskId.decode(taskId)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "3.1.1.1.512.512.0.0123456789abcdef.imagen4", // unknown version
            "2.1.1.1.512.512.0.0123456789abcdef.imagen4", // expiring form without its expiry
            "2.1.1.1.512.512.0.0123456789abcdef.-1.imagen4", // negative expiry
            "2.1.1.1.512.512.0.0123456789abcdef..imagen4", // expiring form with an empty expiry
            "3.1.1.1.512.512.0.0123456789abcdef.1.imagen4", // delayed form without its delay
            "3.1.1.1.512.512.0.0123456789abcdef..-1.imagen4", // negative delay
            "3.1.1.1.512.512.0.0123456789abcdef...imagen4", // empty delay
            "1.1.1.0.512.512.0.0123456789abcdef.imagen4", // no images
            "1.1.1.1.99999.512.0.0123456789abcdef.imagen4", // absurd width
            "1.1.1.1.512.512.0.0123456789ABCDEZ.imagen4", // not a seed
            "1.1.1.1.512.512.0.0123456789abcdef.", // no model
            "1.1.-1.1.512.512.0.0123456789abcdef.imagen4", // negative duration
            "1.1.1.1.512.512" })
    void implausibleContentDecodesToEmpty(String compact) {
        String taskId = Base64.getUrlEncoder().withoutPadding().encodeToString(compact.getBytes(StandardCharsets.UTF_8));
        assertThat(SimulatedTaskId.decode(taskId)).isEmpty();
    }

    @Test
    void expiringImageIdsCarryTheirInstant() {
        SimulatedImageId image = new SimulatedImageId(0x00ab12cd34ef5678L, 0, 512, 512,
                OptionalLong.of(1_732_400_000_123L));

        assertThat(image.encode()).isEqualTo("00ab12cd34ef5678-0-512x512-e1732400000123");
        assertThat(SimulatedImageId.decode(image.encode())).contains(image);
        assertThat(image.expiredAt(1_732_400_000_122L)).isFalse();
        assertThat(image.expiredAt(1_732_400_000_123L)).isTrue();
        assertThat(new SimulatedImageId(1L, 0, 1, 1).expiredAt(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void delayedImageIdsCarryTheInstantTheyBecomeReadyAndEveryEarlierFormStillDecodes() {
        SimulatedImageId delayed = new SimulatedImageId(0x00ab12cd34ef5678L, 1, 512, 512, OptionalLong.empty(),
                OptionalLong.of(1_732_400_000_100L));
        SimulatedImageId both = new SimulatedImageId(0x00ab12cd34ef5678L, 1, 512, 512,
                OptionalLong.of(1_732_400_000_123L), OptionalLong.of(1_732_400_000_100L));

        assertThat(delayed.encode()).isEqualTo("00ab12cd34ef5678-1-512x512-r1732400000100");
        assertThat(both.encode()).isEqualTo("00ab12cd34ef5678-1-512x512-r1732400000100-e1732400000123");
        assertThat(SimulatedImageId.decode(delayed.encode())).contains(delayed);
        assertThat(SimulatedImageId.decode(both.encode())).contains(both);
        assertThat(SimulatedImageId.decode("00ab12cd34ef5678-1-512x512"))
                .contains(new SimulatedImageId(0x00ab12cd34ef5678L, 1, 512, 512));
        assertThat(SimulatedImageId.decode("00ab12cd34ef5678-1-512x512-e1732400000123"))
                .contains(new SimulatedImageId(0x00ab12cd34ef5678L, 1, 512, 512, OptionalLong.of(1_732_400_000_123L)));
        assertThat(SimulatedImageId.decode("00ab12cd34ef5678-1-512x512-e1732400000123-r1732400000100")).isEmpty();
        assertThat(SimulatedImageId.decode("00ab12cd34ef5678-1-512x512-r")).isEmpty();
        assertThat(delayed.notReadyAt(1_732_400_000_099L)).isTrue();
        assertThat(delayed.notReadyAt(1_732_400_000_100L)).isFalse();
        assertThat(new SimulatedImageId(1L, 0, 1, 1).notReadyAt(Long.MIN_VALUE)).isFalse();
    }

    @Test
    void imageIdsRoundTripAndRejectGarbage() {
        SimulatedImageId image = new SimulatedImageId(0x00ab12cd34ef5678L, 2, 512, 341);

        assertThat(image.encode()).isEqualTo("00ab12cd34ef5678-2-512x341");
        assertThat(SimulatedImageId.decode(image.encode())).contains(image);
        assertThat(SimulatedImageId.decode("00ab12cd34ef5678-2-9999x341")).isEmpty();
        assertThat(SimulatedImageId.decode("nope")).isEmpty();
        assertThat(SimulatedImageId.decode("00ab12cd34ef5678-2-512x341-e")).isEmpty();
        assertThat(SimulatedImageId.decode(null)).isEmpty();
    }
}
