package one.apiin.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** An in-flight marker outlives the generation it names: an identical request never pays again for a slow one. */
class MarkerLifeTest {

    @Test
    void aMarkerLivesAtLeastAsLongAsItsTaskMay() {
        // The defaults: markers of 10 minutes, tasks of up to 30 minutes.
        assertThat(ResultCache.markerLife(Duration.ofMinutes(10), Duration.ofMinutes(30)))
                .isGreaterThan(Duration.ofMinutes(30));
        assertThat(ResultCache.markerLife(Duration.ofHours(2), Duration.ofMinutes(30))).isEqualTo(Duration.ofHours(2));
    }
}
