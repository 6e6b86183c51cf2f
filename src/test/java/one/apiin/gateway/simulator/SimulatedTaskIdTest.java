package one.apiin.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedTaskIdTest {

    @Test
    void roundTrips() {
        SimulatedTaskId id = new SimulatedTaskId(1_732_400_000_123L, 20_000, 4, 512, 288, true, false,
                0xfedcba9876543210L, "gpt-image-1.5.official");

        String encoded = id.encode();

        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), "URL-safe without padding: " + encoded);
        assertEquals(Optional.of(id), SimulatedTaskId.decode(encoded));
    }

    @Test
    void roundTripsBothFlags() {
        SimulatedTaskId id = new SimulatedTaskId(5, 0, 1, 1, 1, false, true, 0L, "imagen4");
        assertEquals(Optional.of(id), SimulatedTaskId.decode(id.encode()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "n47xxxx_imagen4", "!!!", "task_abc123", "aGVsbG8" })
    void garbageDecodesToEmpty(String taskId) {
        assertEquals(Optional.empty(), SimulatedTaskId.decode(taskId));
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
        assertEquals(Optional.empty(), SimulatedTaskId.decode(taskId));
    }

    @Test
    void imageIdsRoundTripAndRejectGarbage() {
        SimulatedImageId image = new SimulatedImageId(0x00ab12cd34ef5678L, 2, 512, 341);

        assertEquals("00ab12cd34ef5678-2-512x341", image.encode());
        assertEquals(Optional.of(image), SimulatedImageId.decode(image.encode()));
        assertEquals(Optional.empty(), SimulatedImageId.decode("00ab12cd34ef5678-2-9999x341"));
        assertEquals(Optional.empty(), SimulatedImageId.decode("nope"));
        assertEquals(Optional.empty(), SimulatedImageId.decode(null));
    }
}
