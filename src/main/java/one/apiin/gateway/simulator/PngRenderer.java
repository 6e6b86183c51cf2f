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

    static byte[] render(long seed, int index, int width, int height) {
        return PngEncoder.encodeRgb(width, height, paint(seed, index, width, height));
    }

    /** Raw RGB pixels, row by row; package-private so tests can compare pictures without decoding. */
    static byte[] paint(long seed, int index, int width, int height) {
        SplittableRandom random = new SplittableRandom(seed ^ (INDEX_MIX * (index + 1L)));
        int from = randomColour(random);
        int to = randomColour(random);
        List<Shape> shapes = shapes(random, width, height);
        byte[] rgb = new byte[width * height * 3];
        int span = Math.max(1, width + height - 2);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int colour = blend(from, to, (x + y) * 256 / span);
                for (Shape shape : shapes) {
                    if (shape.covers(x, y)) {
                        colour = blend(colour, shape.colour(), shape.opacity());
                    }
                }
                int offset = (y * width + x) * 3;
                rgb[offset] = (byte) (colour >> 16);
                rgb[offset + 1] = (byte) (colour >> 8);
                rgb[offset + 2] = (byte) colour;
            }
        }
        return rgb;
    }

    private static List<Shape> shapes(SplittableRandom random, int width, int height) {
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
