package one.apiin.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PngRendererTest {

    @Test
    void writesAValidRgbPngOfTheRequestedSize() {
        byte[] png = PngRenderer.render(42L, 0, 512, 288);

        PngTestDecoder.Decoded decoded = PngTestDecoder.decode(png);
        assertEquals(512, decoded.width());
        assertEquals(288, decoded.height());
        assertEquals(8, decoded.bitDepth());
        assertEquals(2, decoded.colourType());
        assertArrayEquals(PngRenderer.paint(42L, 0, 512, 288), decoded.rgb());
    }

    @Test
    void theSameInputsGiveTheSameBytes() {
        assertArrayEquals(PngRenderer.render(7L, 1, 341, 512), PngRenderer.render(7L, 1, 341, 512));
    }

    @Test
    void differentSeedsGiveVisiblyDifferentPictures() {
        byte[] first = PngRenderer.render(1L, 0, 512, 512);
        byte[] second = PngRenderer.render(2L, 0, 512, 512);

        assertFalse(java.util.Arrays.equals(first, second));
        assertTrue(differingPixelShare(first, second) > 0.5, "most pixels should differ");
    }

    @Test
    void imagesOfOneTaskDifferByIndex() {
        assertTrue(differingPixelShare(PngRenderer.render(9L, 0, 256, 256), PngRenderer.render(9L, 1, 256, 256)) > 0.5);
    }

    @Test
    void rendersTinyAndOddSizes() {
        PngTestDecoder.Decoded decoded = PngTestDecoder.decode(PngRenderer.render(-1L, 3, 1, 1));
        assertEquals(1, decoded.width());
        assertEquals(219, PngTestDecoder.decode(PngRenderer.render(5L, 0, 512, 219)).height());
    }

    @Test
    void sizesFollowTheAspectRatioWithALongSideOf512() {
        assertEquals(new ImageSize(512, 512), ImageSize.forAspectRatio("1:1"));
        assertEquals(new ImageSize(512, 288), ImageSize.forAspectRatio("16:9"));
        assertEquals(new ImageSize(288, 512), ImageSize.forAspectRatio("9:16"));
        assertEquals(new ImageSize(512, 384), ImageSize.forAspectRatio("4:3"));
        assertEquals(new ImageSize(384, 512), ImageSize.forAspectRatio("3:4"));
        assertEquals(new ImageSize(512, 341), ImageSize.forAspectRatio("3:2"));
        assertEquals(new ImageSize(341, 512), ImageSize.forAspectRatio("2:3"));
        assertEquals(new ImageSize(512, 219), ImageSize.forAspectRatio("21:9"));
        assertEquals(ImageSize.SQUARE, ImageSize.forAspectRatio("7:5"));
        assertEquals(ImageSize.SQUARE, ImageSize.forAspectRatio(null));
    }

    /** Share of pixels whose colour differs noticeably (more than 24 levels in some channel). */
    private static double differingPixelShare(byte[] firstPng, byte[] secondPng) {
        byte[] a = PngTestDecoder.decode(firstPng).rgb();
        byte[] b = PngTestDecoder.decode(secondPng).rgb();
        assertEquals(a.length, b.length);
        int differing = 0;
        for (int i = 0; i < a.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                if (Math.abs((a[i + c] & 0xFF) - (b[i + c] & 0xFF)) > 24) {
                    differing++;
                    break;
                }
            }
        }
        return differing / (a.length / 3.0);
    }
}
