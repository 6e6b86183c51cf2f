package one.apiin.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PngRendererTest {

    @Test
    void writesAValidRgbPngOfTheRequestedSize() {
        byte[] png = PngRenderer.render(42L, 0, 512, 288);

        PngTestDecoder.Decoded decoded = PngTestDecoder.decode(png);
        assertThat(decoded.width()).isEqualTo(512);
        assertThat(decoded.height()).isEqualTo(288);
        assertThat(decoded.bitDepth()).isEqualTo(8);
        assertThat(decoded.colourType()).isEqualTo(2);
        assertThat(decoded.rgb()).containsExactly(PngRenderer.paint(42L, 0, 512, 288));
    }

    /**
     * The painter blends each shape over the run it covers in a row, found from its geometry: the pixels must be those
     * of testing every shape at every pixel, also at the runs' ends, at the edges and for shapes off the picture.
     */
    @Test
    void paintsWhatEveryShapeCoversPixelByPixel() {
        int[][] sizes = { { 512, 512 }, { 512, 288 }, { 288, 512 }, { 341, 512 }, { 512, 219 }, { 7, 3 }, { 1, 1 } };
        for (long seed = -20; seed < 60; seed++) {
            int[] size = sizes[(int) Math.floorMod(seed, sizes.length)];
            assertThat(PngRenderer.paint(seed, (int) (seed & 3), size[0], size[1]))
                    .as("seed %d at %dx%d", seed, size[0], size[1])
                    .containsExactly(pixelByPixel(seed, (int) (seed & 3), size[0], size[1]));
        }
    }

    /** The painter as it was: every shape tested at every pixel. */
    private static byte[] pixelByPixel(long seed, int index, int width, int height) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1L)));
        int from = random.nextInt(0x1000000);
        int to = random.nextInt(0x1000000);
        java.util.List<Shape> shapes = PngRenderer.shapes(random, width, height);
        byte[] rgb = new byte[width * height * 3];
        int span = Math.max(1, width + height - 2);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int colour = PngRenderer.blend(from, to, (x + y) * 256 / span);
                for (Shape shape : shapes) {
                    if (shape.covers(x, y)) {
                        colour = PngRenderer.blend(colour, shape.colour(), shape.opacity());
                    }
                }
                int offset = (y * width + x) * 3;
                rgb[offset] = (byte) (colour >> 16);
                rgb[offset + 1] = (byte) (colour >> 8);
                rgb[offset + 2] = (byte) colour;
            }
        }
        return rgb;
    }

    /** Deflated row by row as painted, the PNG is byte for byte the one of the whole picture deflated at once. */
    @Test
    void rowByRowGivesTheBytesOfTheWholePicture() {
        int[][] sizes = { { 512, 512 }, { 512, 288 }, { 341, 512 }, { 7, 3 }, { 1, 1 } };
        for (int[] size : sizes) {
            assertThat(PngRenderer.render(11L, 2, size[0], size[1])).as("%dx%d", size[0], size[1])
                    .containsExactly(PngEncoder.encodeRgb(size[0], size[1], PngRenderer.paint(11L, 2, size[0], size[1])));
        }
    }

    @Test
    void theSameInputsGiveTheSameBytes() {
        assertThat(PngRenderer.render(7L, 1, 341, 512)).containsExactly(PngRenderer.render(7L, 1, 341, 512));
    }

    @Test
    void differentSeedsGiveVisiblyDifferentPictures() {
        byte[] first = PngRenderer.render(1L, 0, 512, 512);
        byte[] second = PngRenderer.render(2L, 0, 512, 512);

        assertThat(second).isNotEqualTo(first);
        assertThat(differingPixelShare(first, second)).as("most pixels should differ").isGreaterThan(0.5);
    }

    @Test
    void imagesOfOneTaskDifferByIndex() {
        assertThat(differingPixelShare(PngRenderer.render(9L, 0, 256, 256), PngRenderer.render(9L, 1, 256, 256)))
                .isGreaterThan(0.5);
    }

    @Test
    void rendersTinyAndOddSizes() {
        PngTestDecoder.Decoded decoded = PngTestDecoder.decode(PngRenderer.render(-1L, 3, 1, 1));
        assertThat(decoded.width()).isEqualTo(1);
        assertThat(PngTestDecoder.decode(PngRenderer.render(5L, 0, 512, 219)).height()).isEqualTo(219);
    }

    @Test
    void sizesFollowTheAspectRatioWithALongSideOf512() {
        assertThat(ImageSize.forAspectRatio("1:1")).isEqualTo(new ImageSize(512, 512));
        assertThat(ImageSize.forAspectRatio("16:9")).isEqualTo(new ImageSize(512, 288));
        assertThat(ImageSize.forAspectRatio("9:16")).isEqualTo(new ImageSize(288, 512));
        assertThat(ImageSize.forAspectRatio("4:3")).isEqualTo(new ImageSize(512, 384));
        assertThat(ImageSize.forAspectRatio("3:4")).isEqualTo(new ImageSize(384, 512));
        assertThat(ImageSize.forAspectRatio("3:2")).isEqualTo(new ImageSize(512, 341));
        assertThat(ImageSize.forAspectRatio("2:3")).isEqualTo(new ImageSize(341, 512));
        assertThat(ImageSize.forAspectRatio("21:9")).isEqualTo(new ImageSize(512, 219));
        assertThat(ImageSize.forAspectRatio("7:5")).isEqualTo(ImageSize.SQUARE);
        assertThat(ImageSize.forAspectRatio(null)).isEqualTo(ImageSize.SQUARE);
    }

    /** Share of pixels whose colour differs noticeably (more than 24 levels in some channel). */
    private static double differingPixelShare(byte[] firstPng, byte[] secondPng) {
        byte[] a = PngTestDecoder.decode(firstPng).rgb();
        byte[] b = PngTestDecoder.decode(secondPng).rgb();
        assertThat(b.length).isEqualTo(a.length);
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
