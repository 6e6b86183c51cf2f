package one.apiin.gateway.simulator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is needed to render one image, carried in its URL ({@code <seedHex>-<index>-<w>x<h>}) so the
 * image endpoint is stateless too.
 */
record SimulatedImageId(long imageSeed, int index, int width, int height) {

    private static final Pattern FORMAT = Pattern.compile("([0-9a-f]{16})-(\\d{1,2})-(\\d{1,4})x(\\d{1,4})");

    String encode() {
        return SimulatedTaskId.seedHex(imageSeed) + "-" + index + "-" + width + "x" + height;
    }

    static Optional<SimulatedImageId> decode(String imageId) {
        Matcher m = imageId == null ? null : FORMAT.matcher(imageId);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        SimulatedImageId id = new SimulatedImageId(Long.parseUnsignedLong(m.group(1), 16),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        // Bounds keep a hand-made URL from asking for an arbitrarily expensive picture.
        boolean plausible = id.width >= 1 && id.width <= SimulatedTaskId.MAX_SIDE
                && id.height >= 1 && id.height <= SimulatedTaskId.MAX_SIDE;
        return plausible ? Optional.of(id) : Optional.empty();
    }
}
