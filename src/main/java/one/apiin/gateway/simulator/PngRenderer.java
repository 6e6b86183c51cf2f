package one.apiin.gateway.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders a deterministic abstract picture: a two-colour diagonal gradient overlaid with translucent
 * bands and circles. Every colour and position comes from a {@link SplittableRandom} seeded with the
 * image seed and index, so equal inputs give byte-identical PNGs and different seeds look different.
 */
final class PngRenderer {

    private static final long INDEX_MIX = 0x9E3779B97F4A7C15L;

    private PngRenderer() {
    }

    /** One number of an image's seed and index: what its picture is painted from (and chosen by, in PictureBook). */
    static long mix(long seed, int index) {
        return seed ^ (INDEX_MIX * (index + 1L));
    }

    /**
     * The PNG, its rows deflated as they are painted: no whole picture is ever held (at 512 × 512 its pixels, and
     * again its filtered rows, were 768 KiB arrays each, which G1 allocates as humongous objects in the heap the
     * simulator shares with the gateway); the same bytes as {@link PngEncoder#encodeRgb} of {@link #paint}.
     */
    static byte[] render(long seed, int index, int width, int height) {
        PngEncoder.RgbRows png = new PngEncoder.RgbRows(width, height);
        paint(seed, index, width, height, png::row);
        return png.finish();
    }

    /** Receives a picture's rows in order, each as {@code width * 3} RGB bytes in an array reused for the next. */
    @FunctionalInterface
    interface Rows {
        void row(byte[] rgb);
    }

    /**
     * Raw RGB pixels, row by row; package-private so tests can compare pictures without decoding. Painted row by row
     * and shape by shape over the run each shape covers in the row (not by testing every shape at every pixel: that
     * took the simulator, which shares the gateway's cores, most of its CPU per generation); the same pixels.
     */
    static byte[] paint(long seed, int index, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        int[] y = { 0 };
        paint(seed, index, width, height, row -> System.arraycopy(row, 0, rgb, y[0]++ * row.length, row.length));
        return rgb;
    }

    private static void paint(long seed, int index, int width, int height, Rows rows) {
        SplittableRandom random = new SplittableRandom(mix(seed, index));
        int from = randomColour(random);
        int to = randomColour(random);
        List<Shape> shapes = shapes(random, width, height);
        byte[] rgb = new byte[width * 3];
        int[] row = new int[width];
        int span = Math.max(1, width + height - 2);
        // The gradient has 257 colours at most: blended once each.
        int[] gradient = new int[257];
        for (int weight = 0; weight <= 256; weight++) {
            gradient[weight] = blend(from, to, weight);
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = gradient[(x + y) * 256 / span];
            }
            for (Shape shape : shapes) {
                double start = shape.firstX(y);
                double end = shape.lastX(y);
                if (Double.isNaN(start) || Double.isNaN(end)) {
                    continue;
                }
                // The estimate is exact but for rounding: its ends are settled by the shape's own test.
                int first = (int) Math.max(0, Math.min(width, Math.ceil(start)));
                int last = (int) Math.max(-1, Math.min(width - 1, Math.floor(end)));
                while (first > 0 && shape.covers(first - 1, y)) {
                    first--;
                }
                while (first <= last && !shape.covers(first, y)) {
                    first++;
                }
                while (last < width - 1 && shape.covers(last + 1, y)) {
                    last++;
                }
                while (last >= first && !shape.covers(last, y)) {
                    last--;
                }
                blendRun(row, first, last, shape.colour(), shape.opacity());
            }
            int offset = 0;
            for (int x = 0; x < width; x++) {
                int colour = row[x];
                rgb[offset++] = (byte) (colour >> 16);
                rgb[offset++] = (byte) (colour >> 8);
                rgb[offset++] = (byte) colour;
            }
            rows.row(rgb);
        }
    }

    static List<Shape> shapes(SplittableRandom random, int width, int height) {
        List<Shape> shapes = new ArrayList<>();
        int bands = 1 + random.nextInt(2);
        for (int i = 0; i < bands; i++) {
            shapes.add(Shape.band(random, width, height, randomColour(random)));
        }
        int circles = 3 + random.nextInt(4);
        for (int i = 0; i < circles; i++) {
            shapes.add(Shape.circle(random, width, height, randomColour(random)));
        }
        return shapes;
    }

    private static int randomColour(SplittableRandom random) {
        return random.nextInt(0x1000000);
    }

    /** {@link #blend} of {@code colour} into {@code row[first..last]}, its terms computed once for the run. */
    private static void blendRun(int[] row, int first, int last, int colour, int weight) {
        int keep = 256 - weight;
        int red = ((colour >> 16) & 0xFF) * weight;
        int green = ((colour >> 8) & 0xFF) * weight;
        int blue = (colour & 0xFF) * weight;
        for (int x = first; x <= last; x++) {
            int under = row[x];
            row[x] = (((((under >> 16) & 0xFF) * keep + red) >> 8) << 16)
                    | (((((under >> 8) & 0xFF) * keep + green) >> 8) << 8)
                    | (((under & 0xFF) * keep + blue) >> 8);
        }
    }

    /** Mixes {@code b} into {@code a} with weight {@code weight}/256 per channel. */
    static int blend(int a, int b, int weight) {
        int result = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int ca = (a >> shift) & 0xFF;
            int cb = (b >> shift) & 0xFF;
            result |= ((ca * (256 - weight) + cb * weight) >> 8) << shift;
        }
        return result;
    }
}
