import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * The kept image of bench/run.sh's phase 4: a square RGB PNG of random pixels (they do not compress, so its size is
 * what is sent), the smallest square of at least 1 MiB, always the same (a fixed seed). Writes it to the path given
 * and prints "width height bytes sha256".
 *   java bench/RandomPng.java target/bench/kept.png
 */
public class RandomPng {

    static final int MIN_BYTES = 1 << 20;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/kept.png");
        // 3 bytes a pixel, a filter byte a row, a little deflate and chunk overhead: 591 x 591, 1,049,201 bytes.
        for (int side = 580;; side++) {
            byte[] png = png(side);
            if (png.length >= MIN_BYTES) {
                if (out.getParent() != null) {
                    Files.createDirectories(out.getParent());
                }
                Files.write(out, png);
                String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
                System.out.println(side + " " + side + " " + png.length + " " + hash);
                return;
            }
        }
    }

    static byte[] png(int side) throws Exception {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(18);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
