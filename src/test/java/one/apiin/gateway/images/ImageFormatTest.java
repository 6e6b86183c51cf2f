package one.apiin.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFormatTest {

    @ParameterizedTest
    @CsvSource({ "1,1", "512,288", "341,512", "1024,7" })
    void readsPngsWrittenByImageIo(int width, int height) {
        byte[] png = write(image(width, height), "png");

        assertThat(ImageFormat.read(png)).contains(new ImageFormat.Info(ImageFormat.PNG, width, height));
        assertThat(ImageFormat.sniff(Arrays.copyOf(png, ImageFormat.SNIFF_LENGTH))).contains(ImageFormat.PNG);
    }

    @ParameterizedTest
    @CsvSource({ "1,1", "17,9", "640,480", "288,512", "2000,3" })
    void readsJpegsWrittenByImageIo(int width, int height) {
        byte[] jpeg = write(image(width, height), "jpg");

        assertThat(ImageFormat.read(jpeg)).contains(new ImageFormat.Info(ImageFormat.JPEG, width, height));
        assertThat(ImageFormat.sniff(Arrays.copyOf(jpeg, ImageFormat.SNIFF_LENGTH))).contains(ImageFormat.JPEG);
    }

    @Test
    void readsAProgressiveJpegThroughAllItsScans() {
        byte[] jpeg = progressiveJpeg(image(300, 200));

        assertThat(jpeg[3] & 0xFF).as("ImageIO writes JFIF first").isEqualTo(0xE0);
        assertThat(ImageFormat.read(jpeg)).contains(new ImageFormat.Info(ImageFormat.JPEG, 300, 200));
    }

    @Test
    void walksJpegMarkersPastTablesFillBytesAndRestarts() {
        byte[] jpeg = concat(bytes(0xFF, 0xD8),
                segment(0xC4, 0x00, 0x12, 0x34, 0x56, 0x78, 0x01), // DHT: not a frame, whatever its bytes
                segment(0xCC, 0x00, 0x01), // DAC: not a frame either
                bytes(0xFF, 0xFF, 0xFF), segment(0xC1, 8, 0x01, 0x2C, 0x02, 0x58, 1, 1, 0x11, 0), // SOF1 600x300
                segment(0xDA, 1, 1, 0, 0, 63, 0),
                bytes(0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD1, 0x78), // stuffing and restarts
                bytes(0xFF, 0xD9));

        assertThat(ImageFormat.read(jpeg)).contains(new ImageFormat.Info(ImageFormat.JPEG, 600, 300));
    }

    @Test
    void refusesAJpegWithoutAFrameOrWithAHeightDeferredToDnl() {
        byte[] noFrame = concat(bytes(0xFF, 0xD8), segment(0xDB, 0, 1, 2), bytes(0xFF, 0xD9));
        byte[] deferredHeight = concat(bytes(0xFF, 0xD8), segment(0xC0, 8, 0, 0, 0, 10, 1, 1, 0x11, 0),
                segment(0xDA, 1, 1, 0, 0, 63, 0), bytes(1, 2, 3, 0xFF, 0xD9));

        assertThat(ImageFormat.read(noFrame)).isEmpty();
        assertThat(ImageFormat.read(deferredHeight)).isEmpty();
    }

    @Test
    void readsLossyWebp() {
        // Key frame tag, start code, then 14-bit sides whose top two bits are a scale to ignore.
        byte[] webp = webp("VP8 ", 0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, le16(400 | 0x4000), le16(300 | 0xC000));

        assertThat(ImageFormat.read(webp)).contains(new ImageFormat.Info(ImageFormat.WEBP, 400, 300));
        assertThat(ImageFormat.sniff(Arrays.copyOf(webp, ImageFormat.SNIFF_LENGTH))).contains(ImageFormat.WEBP);
    }

    @Test
    void readsLosslessWebp() {
        int bits = (1023 - 1) | (77 - 1) << 14 | 1 << 28; // with alpha, version 0
        assertThat(ImageFormat.read(webp("VP8L", 0x2F, le32(bits))))
                .contains(new ImageFormat.Info(ImageFormat.WEBP, 1023, 77));
        assertThat(ImageFormat.read(webp("VP8L", 0x2F, le32(0x3FFF | 0x3FFF << 14))))
                .contains(new ImageFormat.Info(ImageFormat.WEBP, 16384, 16384));
        assertThat(ImageFormat.read(webp("VP8L", 0x2E, le32(bits)))).as("bad signature").isEmpty();
        assertThat(ImageFormat.read(webp("VP8L", 0x2F, le32(bits | 1 << 29)))).as("unknown version").isEmpty();
    }

    @Test
    void readsExtendedWebpCanvas() {
        assertThat(ImageFormat.read(webp("VP8X", 0x10, 0, 0, 0, le24(1920 - 1), le24(1080 - 1))))
                .contains(new ImageFormat.Info(ImageFormat.WEBP, 1920, 1080));
        assertThat(ImageFormat.read(webp("VP8X", 0, 0, 0, 0, le24(70_000 - 1), le24(10 - 1))))
                .as("wider than MAX_SIDE").isEmpty();
    }

    @Test
    void refusesLossyWebpWithoutAKeyFrameOrStartCode() {
        assertThat(ImageFormat.read(webp("VP8 ", 0x11, 0, 0, 0x9D, 0x01, 0x2A, le16(4), le16(4)))).isEmpty();
        assertThat(ImageFormat.read(webp("VP8 ", 0x10, 0, 0, 0x9D, 0x01, 0x2B, le16(4), le16(4)))).isEmpty();
        assertThat(ImageFormat.read(webp("VP8 ", 0x10, 0, 0, 0x9D, 0x01, 0x2A, le16(0), le16(4)))).isEmpty();
    }

    @Test
    void refusesPngSidesOfZeroOrPastTheCap() {
        assertThat(ImageFormat.read(png(640, 480))).contains(new ImageFormat.Info(ImageFormat.PNG, 640, 480));
        assertThat(ImageFormat.read(png(65_535, 1))).isPresent();
        assertThat(ImageFormat.read(png(0, 480))).isEmpty();
        assertThat(ImageFormat.read(png(65_536, 480))).isEmpty();
        assertThat(ImageFormat.read(png(-1, 480))).as("4,294,967,295 wide").isEmpty();
    }

    @Test
    void refusesEveryTruncation() {
        for (byte[] whole : new byte[][] { write(image(3, 2), "png"), write(image(17, 9), "jpg"),
                progressiveJpeg(image(20, 12)), webp("VP8X", 0, 0, 0, 0, le24(9), le24(9)),
                webp("VP8 ", 0x10, 0, 0, 0x9D, 0x01, 0x2A, le16(4), le16(4)), webp("VP8L", 0x2F, le32(0)) }) {
            assertThat(ImageFormat.read(whole)).isPresent();
            for (int length = 0; length < whole.length; length++) {
                assertThat(ImageFormat.read(Arrays.copyOf(whole, length))).as("%d of %d bytes", length, whole.length)
                        .isEmpty();
            }
        }
    }

    @Test
    void refusesAGif() {
        byte[] gif = write(image(10, 10), "gif");

        assertThat(new String(gif, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat(ImageFormat.sniff(gif)).isEmpty();
        assertThat(ImageFormat.read(gif)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "<!DOCTYPE html><html><body>Access denied</body></html>",
            "{\"error\":{\"code\":403,\"message\":\"expired\"}}", "", "RIFF\0\0\0\0WAVEfmt " })
    void refusesTextHtmlAndOtherRiff(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(ImageFormat.sniff(bytes)).isEmpty();
        assertThat(ImageFormat.read(bytes)).isEmpty();
    }

    @Test
    void sniffsNothingFromTooFewBytesOrNull() {
        assertThat(ImageFormat.sniff(null)).isEmpty();
        assertThat(ImageFormat.read(null)).isEmpty();
        assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8))).isEmpty();
        assertThat(ImageFormat.sniff(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A))).isEmpty();
        assertThat(ImageFormat.sniff("RIFF\0\0\0\0WEB".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    /** Random bytes, random bytes behind each signature, and real files with bytes flipped: never a throw. */
    @Test
    void survivesFuzzing() {
        Random random = new Random(20_240_601);
        byte[][] seeds = { write(image(40, 30), "png"), write(image(40, 30), "jpg"), progressiveJpeg(image(40, 30)),
                webp("VP8X", 0, 0, 0, 0, le24(39), le24(29)), webp("VP8L", 0x2F, le32(39 | 29 << 14)),
                bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'), bytes(0xFF, 0xD8, 0xFF),
                "RIFF\u00ff\u00ff\u00ff\u007fWEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1) };
        for (int round = 0; round < 20_000; round++) {
            byte[] seed = seeds[random.nextInt(seeds.length)];
            byte[] input = mutate(seed, random);
            Optional<ImageFormat.Info> info = ImageFormat.read(input);
            ImageFormat.sniff(input);
            info.ifPresent(found -> assertThat(found.width()).isBetween(1, ImageFormat.MAX_SIDE));
            info.ifPresent(found -> assertThat(found.height()).isBetween(1, ImageFormat.MAX_SIDE));
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        switch (random.nextInt(3)) {
            case 0: {
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                return noise;
            }
            case 1: {
                byte[] tail = new byte[random.nextInt(200)];
                random.nextBytes(tail);
                return concat(seed, tail);
            }
            default: {
                byte[] flipped = Arrays.copyOf(seed, seed.length);
                for (int i = random.nextInt(8); i >= 0; i--) {
                    flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                }
                return random.nextBoolean() ? flipped : Arrays.copyOf(flipped, random.nextInt(flipped.length + 1));
            }
        }
    }

    private static BufferedImage image(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 7) << 16 | (y * 5) << 8 | (x ^ y));
            }
        }
        return image;
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, out)).as("ImageIO writes " + format).isTrue();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] progressiveJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A PNG of just IHDR and IEND: enough for a header reader, and sides ImageIO could not allocate. */
    private static byte[] png(int width, int height) {
        byte[] ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] { 8, 2, 0, 0, 0 }).array();
        return concat(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'), chunk("IHDR", ihdr), chunk("IEND", new byte[0]));
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** A WebP of one chunk, sized as RIFF requires (the chunk padded to an even length). */
    private static byte[] webp(String chunkType, Object... data) {
        byte[] payload = flatten(data);
        byte[] padded = Arrays.copyOf(payload, payload.length + payload.length % 2);
        ByteBuffer riff = ByteBuffer.allocate(20 + padded.length).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + padded.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunkType.getBytes(StandardCharsets.US_ASCII))
                .putInt(payload.length).put(padded);
        return riff.array();
    }

    /** A JPEG marker segment; the length (which counts itself) is filled in. */
    private static byte[] segment(int marker, int... data) {
        return concat(bytes(0xFF, marker, (data.length + 2) >> 8, (data.length + 2) & 0xFF), bytes(data));
    }

    private static byte[] flatten(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof byte[]) {
                out.writeBytes((byte[]) part);
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static byte[] le16(int value) {
        return bytes(value & 0xFF, value >> 8 & 0xFF);
    }

    private static byte[] le24(int value) {
        return bytes(value & 0xFF, value >> 8 & 0xFF, value >> 16 & 0xFF);
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        return flatten((Object[]) parts);
    }
}
