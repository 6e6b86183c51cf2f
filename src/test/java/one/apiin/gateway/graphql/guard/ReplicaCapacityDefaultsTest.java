package one.apiin.gateway.graphql.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default number of live UIs a replica takes, from its heap: what 24 KiB each leave of it after the reserve. */
class ReplicaCapacityDefaultsTest {

    private static final long MIB = 1L << 20;

    @Test
    void aHeapOf512MiBHoldsAboutFifteenThousandLiveUis() {
        assertThat(ReplicaCapacity.defaultFor(512 * MIB)).isEqualTo(15_018);
        // what they hold by bench/README.md's figures (12.8 + 8.5 KiB each) beside a loaded replica's 69 MiB: below
        // the 75 % live-heap ceiling, which refuses more whatever the count
        assertThat(69 * MIB + 15_018 * (long) (21.3 * 1024)).isLessThan(384 * MIB);
    }

    @Test
    void aLargerHeapHoldsMoreAndATinyOneStillSome() {
        assertThat(ReplicaCapacity.defaultFor(1024 * MIB)).isEqualTo(36_864);
        assertThat(ReplicaCapacity.defaultFor(4096 * MIB)).isGreaterThan(100_000);
        assertThat(ReplicaCapacity.defaultFor(128 * MIB)).isEqualTo(ReplicaCapacity.FLOOR);
    }

    @Test
    void aHeapFullerThanItsCeilingAfterACollectionTakesNoMoreWhateverTheCount() {
        assertThat(ReplicaCapacity.fits(10, 100, 300 * MIB, 384 * MIB)).isTrue();
        assertThat(ReplicaCapacity.fits(10, 100, 400 * MIB, 384 * MIB)).isFalse();
        assertThat(ReplicaCapacity.fits(100, 100, 0, 384 * MIB)).isFalse();
    }

    @Test
    void theGaugeReadsTheOldGenerationOfThisJvm() {
        // G1 here: its old generation's usage after a collection is known once a collection ran.
        System.gc();
        assertThat(ReplicaCapacity.HeapGauge.oldGeneration().usedAfterCollection()).isPositive();
    }
}
