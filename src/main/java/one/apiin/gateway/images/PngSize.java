package one.apiin.gateway.images;

import java.nio.charset.StandardCharsets;

/** PNG: the signature, IHDR first (the spec requires it), and a chunk walk to IEND. */
final class PngSize {

    private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    private static final byte[] IHDR = "IHDR".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IEND = "IEND".getBytes(StandardCharsets.US_ASCII);
    private static final int IHDR_LENGTH = 13;
    /** Length, type and CRC around each chunk's data. */
    private static final int CHUNK_OVERHEAD = 12;

    private PngSize() {
    }

    static boolean isSignedAt(byte[] bytes) {
        return Bytes.startsWith(bytes, 0, SIGNATURE);
    }

    /** Null unless IHDR opens the file and every chunk up to IEND is whole: a cut-off download is refused. */
    static Size read(byte[] bytes) {
        if (!Bytes.has(bytes, 8, CHUNK_OVERHEAD + IHDR_LENGTH) || Bytes.u32be(bytes, 8) != IHDR_LENGTH
                || !Bytes.startsWith(bytes, 12, IHDR)) {
            return null;
        }
        Size size = new Size(Bytes.u32be(bytes, 16), Bytes.u32be(bytes, 20));
        long offset = SIGNATURE.length;
        while (Bytes.has(bytes, offset, CHUNK_OVERHEAD)) {
            int chunk = (int) offset;
            long end = offset + CHUNK_OVERHEAD + Bytes.u32be(bytes, chunk);
            if (end > bytes.length) {
                return null;
            }
            if (Bytes.startsWith(bytes, chunk + 4, IEND)) {
                return size;
            }
            offset = end;
        }
        return null;
    }
}
