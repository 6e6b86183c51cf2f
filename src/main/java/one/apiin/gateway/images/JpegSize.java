package one.apiin.gateway.images;

/**
 * JPEG: the marker walk from SOI to EOI. The size is in the first start-of-frame segment; the walk goes on
 * through the scans to EOI so that a cut-off download is refused (and a progressive file's later
 * tables and scans are crossed like the first).
 */
final class JpegSize {

    private static final int TEM = 0x01;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    private JpegSize() {
    }

    static boolean isSignedAt(byte[] bytes) {
        return Bytes.has(bytes, 0, 3) && Bytes.u8(bytes, 0) == 0xFF && Bytes.u8(bytes, 1) == SOI
                && Bytes.u8(bytes, 2) == 0xFF;
    }

    static Size read(byte[] bytes) {
        Size frame = null;
        boolean scanned = false;
        int offset = 2;
        while (true) {
            if (!Bytes.has(bytes, offset, 2) || Bytes.u8(bytes, offset) != 0xFF) {
                return null;
            }
            // Any number of 0xFF may pad the way to a marker's code.
            while (Bytes.has(bytes, offset, 1) && Bytes.u8(bytes, offset) == 0xFF) {
                offset++;
            }
            if (!Bytes.has(bytes, offset, 1)) {
                return null;
            }
            int marker = Bytes.u8(bytes, offset++);
            if (marker == EOI) {
                return scanned ? frame : null;
            }
            if (isStandalone(marker)) {
                continue;
            }
            int length = segmentLength(bytes, offset);
            // 0xFF00 is a stuffed byte inside a scan, never a marker.
            if (marker == 0x00 || length < 0) {
                return null;
            }
            if (isStartOfFrame(marker) && frame == null) {
                // length, precision, height, width, components
                if (length < 8) {
                    return null;
                }
                frame = new Size(Bytes.u16be(bytes, offset + 5), Bytes.u16be(bytes, offset + 3));
            }
            offset += length;
            if (marker == SOS) {
                if (frame == null) {
                    return null;
                }
                scanned = true;
                offset = endOfScan(bytes, offset);
            }
        }
    }

    /** The length of the segment whose length field is at {@code offset} (it counts itself), or -1 if not whole. */
    private static int segmentLength(byte[] bytes, int offset) {
        int length = Bytes.has(bytes, offset, 2) ? Bytes.u16be(bytes, offset) : -1;
        return length >= 2 && Bytes.has(bytes, offset, length) ? length : -1;
    }

    private static boolean isStandalone(int marker) {
        return marker == TEM || marker == SOI || isRestart(marker);
    }

    private static boolean isRestart(int marker) {
        return marker >= 0xD0 && marker <= 0xD7;
    }

    /** C0-CF, but C4 (DHT), C8 (reserved, JPG) and CC (DAC) are tables, not frames. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /**
     * Where the entropy-coded data after a scan header ends: at the first 0xFF that is neither a stuffed
     * byte (FF 00) nor a restart marker, which is the next marker (or its fill); the end of the bytes if none.
     */
    private static int endOfScan(byte[] bytes, int offset) {
        int i = offset;
        while (Bytes.has(bytes, i, 2)) {
            if (Bytes.u8(bytes, i) == 0xFF) {
                int next = Bytes.u8(bytes, i + 1);
                if (next != 0x00 && !isRestart(next)) {
                    return i;
                }
                i++;
            }
            i++;
        }
        return bytes.length;
    }
}
