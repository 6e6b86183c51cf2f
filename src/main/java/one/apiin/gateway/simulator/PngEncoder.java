package one.apiin.gateway.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Minimal PNG writer for 8-bit RGB pixels; written by hand because java.awt is unavailable in native images. */
final class PngEncoder {

    private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    private static final int BIT_DEPTH = 8;
    private static final int COLOUR_TYPE_RGB = 2;

    private PngEncoder() {
    }

    /**
     * The whole picture deflated at once: the reference {@link RgbRows} is held to (tests), as the simulator wrote
     * its pictures before.
     *
     * @param rgb {@code width * height * 3} bytes, row by row
     */
    static byte[] encodeRgb(int width, int height, byte[] rgb) {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("Expected " + width * height * 3 + " bytes, got " + rgb.length);
        }
        return png(width, height, deflate(filteredRows(width, height, rgb)));
    }

    /** Where a PNG of {@link #png} has its header behind it: the signature, then IHDR's length, type, 13 bytes, CRC. */
    private static final int AFTER_HEADER = SIGNATURE.length + 4 + 4 + 13 + 4;

    /**
     * {@code png} (as written here) with a {@code tEXt} chunk after its header: the same picture in other bytes.
     *
     * @param text Latin-1, as PNG's text chunks are
     */
    static byte[] withText(byte[] png, String keyword, String text) {
        byte[] data = (keyword + '\0' + text).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + data.length + 12);
        out.write(png, 0, AFTER_HEADER);
        writeChunk(out, "tEXt", data);
        out.write(png, AFTER_HEADER, png.length - AFTER_HEADER);
        return out.toByteArray();
    }

    /** The file: signature, header, the deflated rows in one IDAT, end. */
    private static byte[] png(int width, int height, byte[] idat) {
        ByteArrayOutputStream png = new ByteArrayOutputStream(idat.length + 64);
        png.writeBytes(SIGNATURE);
        writeChunk(png, "IHDR", header(width, height));
        writeChunk(png, "IDAT", idat);
        writeChunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] header(int width, int height) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) BIT_DEPTH).put((byte) COLOUR_TYPE_RGB)
                .put((byte) 0).put((byte) 0).put((byte) 0) // compression, filter method, no interlace
                .array();
    }

    /** Filter type 0 (none) on every row: simple, and deterministic output is all we need. */
    private static byte[] filteredRows(int width, int height, byte[] rgb) {
        int stride = width * 3;
        byte[] raw = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++) {
            System.arraycopy(rgb, y * stride, raw, y * (stride + 1) + 1, stride);
        }
        return raw;
    }

    private static byte[] deflate(byte[] raw) {
        // The fastest level: the simulator shares the gateway's cores, and its pictures stay small at any level.
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
            byte[] buffer = new byte[16 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * A PNG written row by row: each row (filter type 0, then its RGB bytes) goes into the deflater as it comes, so
     * that only the compressed picture is held; {@link #finish} gives the same bytes as {@link #encodeRgb}.
     */
    static final class RgbRows {

        private static final byte[] FILTER_NONE = { 0 };
        private final int width;
        private final int height;
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        private final ByteArrayOutputStream idat = new ByteArrayOutputStream(64 * 1024);
        private final byte[] buffer = new byte[16 * 1024];
        private int rows;

        RgbRows(int width, int height) {
            this.width = width;
            this.height = height;
        }

        void row(byte[] rgb) {
            if (rgb.length != width * 3 || rows == height) {
                deflater.end();
                throw new IllegalArgumentException("Expected " + height + " rows of " + width * 3 + " bytes");
            }
            deflate(FILTER_NONE);
            deflate(rgb);
            rows++;
        }

        /** Deflates {@code input} whole: the deflater keeps what it still needs in its window, not the array. */
        private void deflate(byte[] input) {
            deflater.setInput(input);
            while (!deflater.needsInput()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        }

        byte[] finish() {
            try {
                if (rows != height) {
                    throw new IllegalStateException("Expected " + height + " rows, got " + rows);
                }
                deflater.finish();
                while (!deflater.finished()) {
                    idat.write(buffer, 0, deflater.deflate(buffer));
                }
            } finally {
                deflater.end();
            }
            return png(width, height, idat.toByteArray());
        }
    }

    private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
