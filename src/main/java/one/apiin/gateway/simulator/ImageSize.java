package one.apiin.gateway.simulator;

import java.util.Map;

/** Pixel size per aspect ratio; the long side is kept at 512 px so rendering stays cheap. */
record ImageSize(int width, int height) {

    static final ImageSize SQUARE = new ImageSize(512, 512);

    private static final Map<String, ImageSize> BY_ASPECT_RATIO = Map.of(
            "1:1", SQUARE,
            "16:9", new ImageSize(512, 288),
            "9:16", new ImageSize(288, 512),
            "4:3", new ImageSize(512, 384),
            "3:4", new ImageSize(384, 512),
            "3:2", new ImageSize(512, 341),
            "2:3", new ImageSize(341, 512),
            "21:9", new ImageSize(512, 219));

    /** Unknown or missing ratios fall back to a square, as upstream defaults to 1:1. */
    static ImageSize forAspectRatio(String aspectRatio) {
        return aspectRatio == null ? SQUARE : BY_ASPECT_RATIO.getOrDefault(aspectRatio.trim(), SQUARE);
    }
}
