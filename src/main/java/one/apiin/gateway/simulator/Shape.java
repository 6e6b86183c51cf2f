package one.apiin.gateway.simulator;

import java.util.SplittableRandom;

/** A translucent filled area of a rendered picture. */
interface Shape {

    boolean covers(int x, int y);

    /**
     * Where the run the shape covers in row {@code y} starts, up to {@link #lastX}, or NaN when it covers none of the
     * row: from the shape's geometry, exact but for rounding, which {@link PngRenderer} settles at the run's ends with
     * {@link #covers} (each shape is convex and its test's rounding monotone, so it covers one run per row).
     */
    double firstX(int y);

    double lastX(int y);

    int colour();

    /** Weight out of 256 with which the shape covers what lies beneath. */
    int opacity();

    static Shape circle(SplittableRandom random, int width, int height, int colour) {
        int minSide = Math.min(width, height);
        double radius = minSide / 10.0 + random.nextDouble() * minSide / 4.0;
        return new Circle(random.nextDouble() * width, random.nextDouble() * height, radius * radius,
                colour, 170 + random.nextInt(86));
    }

    static Shape band(SplittableRandom random, int width, int height, int colour) {
        double angle = random.nextDouble() * Math.PI;
        // StrictMath: Math.cos may differ by an ulp between JVM and native image, changing pixels.
        double nx = StrictMath.cos(angle);
        double ny = StrictMath.sin(angle);
        double offset = nx * random.nextDouble() * width + ny * random.nextDouble() * height;
        double halfWidth = Math.min(width, height) * (0.04 + random.nextDouble() * 0.12);
        return new Band(nx, ny, offset, halfWidth, colour, 110 + random.nextInt(60));
    }

    record Circle(double cx, double cy, double radiusSquared, int colour, int opacity) implements Shape {
        @Override
        public boolean covers(int x, int y) {
            double dx = x - cx;
            double dy = y - cy;
            return dx * dx + dy * dy <= radiusSquared;
        }

        @Override
        public double firstX(int y) {
            return cx - halfChord(y);
        }

        @Override
        public double lastX(int y) {
            return cx + halfChord(y);
        }

        private double halfChord(int y) {
            double dy = y - cy;
            double rest = radiusSquared - dy * dy;
            return rest < 0 ? Double.NaN : Math.sqrt(rest);
        }
    }

    /** All points within {@code halfWidth} of the line {@code nx*x + ny*y = offset}. */
    record Band(double nx, double ny, double offset, double halfWidth, int colour, int opacity) implements Shape {
        @Override
        public boolean covers(int x, int y) {
            return Math.abs(nx * x + ny * y - offset) <= halfWidth;
        }

        @Override
        public double firstX(int y) {
            return Math.min(edge(y, -halfWidth), edge(y, halfWidth));
        }

        @Override
        public double lastX(int y) {
            return Math.max(edge(y, -halfWidth), edge(y, halfWidth));
        }

        /** Where the band's edge at {@code d} from its middle line crosses row {@code y}. */
        private double edge(int y, double d) {
            if (nx == 0) {
                // A horizontal band covers all of the row or none of it.
                if (Math.abs(ny * y - offset) > halfWidth) {
                    return Double.NaN;
                }
                return d < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return (offset + d - ny * y) / nx;
        }
    }
}
