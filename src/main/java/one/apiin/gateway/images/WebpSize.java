package one.apiin.gateway.images;

import java.nio.charset.StandardCharsets;

/**
 * WebP: {@code RIFF <size> WEBP}, then the first chunk says the size: {@code VP8 } (lossy), {@code VP8L}
 * (lossless) or {@code VP8X} (extended: the canvas). Little-endian throughout.
 */
final class WebpSize {

    private static final byte[] RIFF = ascii("RIFF");
    private static final byte[] WEBP = ascii("WEBP");
    private static final byte[] VP8 = ascii("VP8 ");
    private static final byte[] VP8L = ascii("VP8L");
    private static final byte[] VP8X = ascii("VP8X");
    /** Where the first chunk's data starts: RIFF, size, WEBP, the chunk's type and size. */
    private static final int DATA = 20;
    private static final int VP8L_SIGNATURE = 0x2F;
    private static final int SIDE_14_BITS = 0x3FFF;

    private WebpSize() {
    }

    static boolean isSignedAt(byte[] bytes) {
        return Bytes.startsWith(bytes, 0, RIFF) && Bytes.startsWith(bytes, 8, WEBP);
    }

    /**
     * Null unless the bytes are as long as the RIFF header says (shorter was cut off) and the first chunk
     * fits in them: every offset the chunk readers use below its size is then inside the bytes.
     */
    static Size read(byte[] bytes) {
        if (!Bytes.has(bytes, 0, DATA)) {
            return null;
        }
        long riffEnd = 8 + Bytes.u32le(bytes, 4);
        long chunkSize = Bytes.u32le(bytes, 16);
        if (riffEnd > bytes.length || DATA + chunkSize > riffEnd) {
            return null;
        }
        if (Bytes.startsWith(bytes, 12, VP8)) {
            return lossy(bytes, chunkSize);
        }
        if (Bytes.startsWith(bytes, 12, VP8L)) {
            return lossless(bytes, chunkSize);
        }
        return Bytes.startsWith(bytes, 12, VP8X) ? extended(bytes, chunkSize) : null;
    }

    /** A key frame's tag (3 bytes, bit 0 clear), start code 9D 01 2A, then 14-bit width and height. */
    private static Size lossy(byte[] bytes, long chunkSize) {
        if (chunkSize < 10) {
            return null;
        }
        boolean keyFrame = (Bytes.u8(bytes, DATA) & 1) == 0;
        boolean startCode = Bytes.u8(bytes, DATA + 3) == 0x9D && Bytes.u8(bytes, DATA + 4) == 0x01
                && Bytes.u8(bytes, DATA + 5) == 0x2A;
        if (!keyFrame || !startCode) {
            return null;
        }
        return new Size(Bytes.u16le(bytes, DATA + 6) & SIDE_14_BITS, Bytes.u16le(bytes, DATA + 8) & SIDE_14_BITS);
    }

    /** Signature 0x2F, then 14 bits of width - 1, 14 of height - 1, 1 of alpha and 3 of version (0). */
    private static Size lossless(byte[] bytes, long chunkSize) {
        if (chunkSize < 5 || Bytes.u8(bytes, DATA) != VP8L_SIGNATURE) {
            return null;
        }
        long bits = Bytes.u32le(bytes, DATA + 1);
        if (bits >>> 29 != 0) {
            return null;
        }
        return new Size((bits & SIDE_14_BITS) + 1, (bits >>> 14 & SIDE_14_BITS) + 1);
    }

    /** Flags and reserved (4 bytes), then the canvas width - 1 and height - 1, 24 bits each. */
    private static Size extended(byte[] bytes, long chunkSize) {
        if (chunkSize < 10) {
            return null;
        }
        return new Size(Bytes.u24le(bytes, DATA + 4) + 1L, Bytes.u24le(bytes, DATA + 7) + 1L);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
