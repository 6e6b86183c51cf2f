package one.apiin.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

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

    @ParameterizedTest
    @ValueSource(strings = { "", "n47xxxx_imagen4", "!!!", "task_abc123", "aGVsbG8" })
    void garbageDecodesToEmpty(String taskId) {
        assertThat(SimulatedTaskId.decode(taskId)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2.1.1.1.512.512.0.0123456789abcdef.imagen4", // unknown version
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
    void imageIdsRoundTripAndRejectGarbage() {
        SimulatedImageId image = new SimulatedImageId(0x00ab12cd34ef5678L, 2, 512, 341);

        assertThat(image.encode()).isEqualTo("00ab12cd34ef5678-2-512x341");
        assertThat(SimulatedImageId.decode(image.encode())).contains(image);
        assertThat(SimulatedImageId.decode("00ab12cd34ef5678-2-9999x341")).isEmpty();
        assertThat(SimulatedImageId.decode("nope")).isEmpty();
        assertThat(SimulatedImageId.decode(null)).isEmpty();
    }
}
