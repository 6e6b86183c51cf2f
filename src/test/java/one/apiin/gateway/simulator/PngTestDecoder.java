package one.apiin.gateway.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Just enough of a PNG reader to check what {@link PngEncoder} writes: 8-bit RGB, filter 0, one pass. */
final class PngTestDecoder {

    static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

    record Decoded(int width, int height, int bitDepth, int colourType, byte[] rgb) {
    }

    private PngTestDecoder() {
    }

    static Decoded decode(byte[] png) {
        if (!Arrays.equals(SIGNATURE, Arrays.copyOf(png, 8))) {
            throw new AssertionError("PNG signature missing");
        }
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        ByteBuffer header = null;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        boolean ended = false;
        while (!ended) {
            int length = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            byte[] data = new byte[length];
            in.get(data);
            checkCrc(type, data, in.getInt());
            String name = new String(type, StandardCharsets.US_ASCII);
            if (name.equals("IHDR")) {
                header = ByteBuffer.wrap(data);
            } else if (name.equals("IDAT")) {
                idat.writeBytes(data);
            }
            ended = name.equals("IEND");
        }
        if (in.hasRemaining() || header == null) {
            throw new AssertionError("IHDR missing or bytes after IEND");
        }
        int width = header.getInt();
        int height = header.getInt();
        int bitDepth = header.get();
        int colourType = header.get();
        return new Decoded(width, height, bitDepth, colourType, unfilter(inflate(idat.toByteArray()), width, height));
    }

    private static void checkCrc(byte[] type, byte[] data, int expected) {
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        if ((int) crc.getValue() != expected) {
            throw new AssertionError("Bad CRC in chunk " + new String(type, StandardCharsets.US_ASCII));
        }
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new AssertionError("Truncated IDAT stream");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError("Corrupt IDAT stream", e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] unfilter(byte[] raw, int width, int height) {
        int stride = width * 3;
        if (raw.length != height * (stride + 1)) {
            throw new AssertionError("Unexpected image data length " + raw.length);
        }
        byte[] rgb = new byte[height * stride];
        for (int y = 0; y < height; y++) {
            if (raw[y * (stride + 1)] != 0) {
                throw new AssertionError("Row " + y + " uses filter " + raw[y * (stride + 1)]);
            }
            System.arraycopy(raw, y * (stride + 1) + 1, rgb, y * stride, stride);
        }
        return rgb;
    }
}
