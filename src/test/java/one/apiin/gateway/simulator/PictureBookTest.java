package one.apiin.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PictureBookTest {

    @Test
    void equalInputsGiveByteIdenticalPictures() {
        assertThat(PictureBook.png(7L, 1, 341, 512)).containsExactly(PictureBook.png(7L, 1, 341, 512));
    }

    /** Two images that show the same painted picture are still two files, each naming its seed and index. */
    @Test
    void imagesSharingAPaintedPictureHaveBytesOfTheirOwn() {
        long first = 1L;
        long second = 2L;
        while (PictureBook.variant(second, 0) != PictureBook.variant(first, 0)) {
            second++;
        }
        byte[] one = PictureBook.png(first, 0, 512, 512);
        byte[] other = PictureBook.png(second, 0, 512, 512);

        assertThat(one).isNotEqualTo(other);
        assertThat(PngTestDecoder.decode(one).rgb()).containsExactly(PngTestDecoder.decode(other).rgb())
                .containsExactly(PngRenderer.paint(PictureBook.variant(first, 0), 0, 512, 512));
        assertThat(new String(one, StandardCharsets.ISO_8859_1))
                .contains("Comment\0simulated image " + SimulatedTaskId.seedHex(first) + "-0");
        assertThat(new String(other, StandardCharsets.ISO_8859_1))
                .contains("Comment\0simulated image " + SimulatedTaskId.seedHex(second) + "-0");
    }

    /** The picture is as large as painting it for the image alone would make it: what the gateway copies is real. */
    @Test
    void aPictureWeighsWhatItsPaintingWeighs() {
        byte[] png = PictureBook.png(42L, 3, 512, 288);
        PngTestDecoder.Decoded decoded = PngTestDecoder.decode(png);

        assertThat(decoded.width()).isEqualTo(512);
        assertThat(decoded.height()).isEqualTo(288);
        String text = "Comment\0simulated image " + SimulatedTaskId.seedHex(42L) + "-3";
        assertThat(png).hasSize(PngRenderer.render(PictureBook.variant(42L, 3), 0, 512, 288).length + 12 + text.length());
    }

    @Test
    void seedsAndIndexesSpreadOverEveryPaintedPicture() {
        Set<Integer> variants = new HashSet<>();
        Set<Integer> ofOneTask = new HashSet<>();
        for (long seed = 0; seed < 2_000; seed++) {
            variants.add(PictureBook.variant(seed, (int) (seed % 4)));
        }
        for (int index = 0; index < 4; index++) {
            ofOneTask.add(PictureBook.variant(123_456_789L, index));
        }

        assertThat(variants).hasSize(PictureBook.VARIANTS);
        assertThat(ofOneTask).hasSize(4);
    }
}
