package one.apiin.gateway.images;

import java.util.Optional;

/**
 * Recognises a PNG, JPEG or WebP by its magic bytes and reads its pixel size from the bytes alone:
 * a Content-Type or a URL's extension is what the sender claims, the bytes are what the client gets.
 * Pure and safe on hostile input: anything unrecognised, truncated or malformed is empty, never an
 * exception.
 */
public final class ImageFormat {

    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String WEBP = "image/webp";
    /** Bytes {@link #sniff} needs to tell every format (WebP's {@code RIFF....WEBP}). */
    public static final int SNIFF_LENGTH = 12;
    /** Largest side accepted: more is a decompression bomb or a corrupt header, not a generated picture. */
    public static final int MAX_SIDE = 65_535;

    /** What the bytes are and how large the picture is, in pixels. */
    public record Info(String mimeType, int width, int height) {
    }

    private ImageFormat() {
    }

    /**
     * The MIME type the first bytes announce, so a download can be refused before its body is read;
     * says nothing of whether the rest is sound (that is {@link #read}).
     */
    public static Optional<String> sniff(byte[] firstBytes) {
        if (firstBytes == null) {
            return Optional.empty();
        }
        if (PngSize.isSignedAt(firstBytes)) {
            return Optional.of(PNG);
        }
        if (JpegSize.isSignedAt(firstBytes)) {
            return Optional.of(JPEG);
        }
        return WebpSize.isSignedAt(firstBytes) ? Optional.of(WEBP) : Optional.empty();
    }

    /**
     * The format and size of a whole image file; empty unless it is a complete PNG (through IEND), JPEG
     * (through EOI) or WebP (as long as its RIFF header says) with sides of 1 to {@link #MAX_SIDE}.
     */
    public static Optional<Info> read(byte[] bytes) {
        Optional<String> mimeType = sniff(bytes);
        if (mimeType.isEmpty()) {
            return Optional.empty();
        }
        Size size;
        switch (mimeType.get()) {
            case PNG:
                size = PngSize.read(bytes);
                break;
            case JPEG:
                size = JpegSize.read(bytes);
                break;
            default:
                size = WebpSize.read(bytes);
        }
        return size == null || !plausible(size.width()) || !plausible(size.height())
                ? Optional.empty()
                : Optional.of(new Info(mimeType.get(), (int) size.width(), (int) size.height()));
    }

    private static boolean plausible(long side) {
        return side >= 1 && side <= MAX_SIDE;
    }
}
