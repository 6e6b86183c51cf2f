package one.apiin.gateway.simulator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The simulator's pictures as an upstream's CDN serves them: bytes already made, not painted on each request. A real
 * upstream paints on its own machines; the stand-in shares the gateway's process and cores, where painting and
 * deflating each picture took about half of the process's CPU under a load of cache misses (bench/README.md, issue
 * 20, ninth pass) and so was counted against the gateway. Each picture is one of {@link #VARIANTS} painted ones per
 * size, chosen by the image's seed and index and painted once (kept in a bounded cache), then made its own by a text
 * chunk naming the seed and index: equal inputs still give byte-identical PNGs, different seeds or indexes different
 * bytes (so content hashes differ, as real generations do) and, but for one chance in {@link #VARIANTS}, a different
 * picture; every picture keeps its size in bytes.
 */
final class PictureBook {

    /** Painted pictures per size: enough that the four images of one task rarely repeat. */
    static final int VARIANTS = 64;
    /** Golden-ratio multiplier: spreads the mixed seed's bits over the high half that picks the variant. */
    private static final long SPREAD = 0x9E3779B97F4A7C15L;
    /** At most this much painted: all variants of two sizes at 512 × 512 (about 100 KiB each). */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private record Painted(int variant, int width, int height) {
    }

    private static final Cache<Painted, byte[]> PAINTED = Caffeine.newBuilder().maximumWeight(MAX_BYTES)
            .weigher((Painted key, byte[] png) -> png.length).build();

    private PictureBook() {
    }

    /** The PNG of image {@code index} of a task whose pictures are seeded with {@code seed}. */
    static byte[] png(long seed, int index, int width, int height) {
        int variant = variant(seed, index);
        byte[] painted = PAINTED.get(new Painted(variant, width, height),
                key -> PngRenderer.render(key.variant(), 0, key.width(), key.height()));
        return PngEncoder.withText(painted, "Comment",
                "simulated image " + SimulatedTaskId.seedHex(seed) + "-" + index);
    }

    /** Which painted picture image {@code index} of {@code seed} shows; its pixels are {@code paint(variant, 0, ...)}. */
    static int variant(long seed, int index) {
        long mixed = PngRenderer.mix(seed, index) * SPREAD;
        return (int) ((mixed >>> 32) % VARIANTS);
    }
}
