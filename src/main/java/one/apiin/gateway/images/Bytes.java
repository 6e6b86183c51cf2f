package one.apiin.gateway.images;

/**
 * Bounds-checked reads of unsigned integers: every reader asks {@link #has} first, so a header that
 * lies about a length ends the parse instead of throwing.
 */
final class Bytes {

    private Bytes() {
    }

    /** Whether {@code length} bytes from {@code offset} lie inside {@code bytes} (long: offsets may overflow int). */
    static boolean has(byte[] bytes, long offset, long length) {
        return offset >= 0 && length >= 0 && offset + length <= bytes.length;
    }

    static boolean startsWith(byte[] bytes, int offset, byte[] expected) {
        if (!has(bytes, offset, expected.length)) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (bytes[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }

    static int u16be(byte[] bytes, int offset) {
        return u8(bytes, offset) << 8 | u8(bytes, offset + 1);
    }

    static long u32be(byte[] bytes, int offset) {
        return (long) u16be(bytes, offset) << 16 | u16be(bytes, offset + 2);
    }

    static int u16le(byte[] bytes, int offset) {
        return u8(bytes, offset) | u8(bytes, offset + 1) << 8;
    }

    static int u24le(byte[] bytes, int offset) {
        return u16le(bytes, offset) | u8(bytes, offset + 2) << 16;
    }

    static long u32le(byte[] bytes, int offset) {
        return u24le(bytes, offset) | (long) u8(bytes, offset + 3) << 24;
    }
}
