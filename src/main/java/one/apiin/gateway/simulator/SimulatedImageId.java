package one.apiin.gateway.simulator;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is needed to render one image, carried in its URL ({@code <seedHex>-<index>-<w>x<h>}, then
 * {@code -r<epochMillis>} when it is not ready at once, then {@code -e<epochMillis>} when it expires) so the image
 * endpoint is stateless too.
 */
record SimulatedImageId(long imageSeed, int index, int width, int height, OptionalLong expiresAtMillis,
        OptionalLong readyAtMillis) {

    SimulatedImageId(long imageSeed, int index, int width, int height) {
        this(imageSeed, index, width, height, OptionalLong.empty());
    }

    SimulatedImageId(long imageSeed, int index, int width, int height, OptionalLong expiresAtMillis) {
        this(imageSeed, index, width, height, expiresAtMillis, OptionalLong.empty());
    }

    private static final Pattern FORMAT = Pattern.compile(
            "([0-9a-f]{16})-(\\d{1,2})-(\\d{1,4})x(\\d{1,4})(?:-r(\\d{1,15}))?(?:-e(\\d{1,15}))?");

    String encode() {
        String id = SimulatedTaskId.seedHex(imageSeed) + "-" + index + "-" + width + "x" + height;
        if (readyAtMillis.isPresent()) {
            id += "-r" + readyAtMillis.getAsLong();
        }
        return expiresAtMillis.isEmpty() ? id : id + "-e" + expiresAtMillis.getAsLong();
    }

    /** Whether the URL does not work yet at {@code nowMillis}, like a CDN that lags behind the task's end. */
    boolean notReadyAt(long nowMillis) {
        return readyAtMillis.isPresent() && nowMillis < readyAtMillis.getAsLong();
    }

    /** Whether the URL no longer works at {@code nowMillis}, like a CDN link past its signature's expiry. */
    boolean expiredAt(long nowMillis) {
        return expiresAtMillis.isPresent() && nowMillis >= expiresAtMillis.getAsLong();
    }

    static Optional<SimulatedImageId> decode(String imageId) {
        Matcher m = imageId == null ? null : FORMAT.matcher(imageId);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        SimulatedImageId id = new SimulatedImageId(Long.parseUnsignedLong(m.group(1), 16),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                millis(m.group(6)), millis(m.group(5)));
        // Bounds keep a hand-made URL from asking for an arbitrarily expensive picture.
        boolean plausible = id.width >= 1 && id.width <= SimulatedTaskId.MAX_SIDE
                && id.height >= 1 && id.height <= SimulatedTaskId.MAX_SIDE;
        return plausible ? Optional.of(id) : Optional.empty();
    }

    private static OptionalLong millis(String digits) {
        return digits == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits));
    }
}
