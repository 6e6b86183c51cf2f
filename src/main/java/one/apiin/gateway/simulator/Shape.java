package one.apiin.gateway.simulator;

import java.util.SplittableRandom;

/** A translucent filled area of a rendered picture. */
interface Shape {

    boolean covers(int x, int y);

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
    }

    /** All points within {@code halfWidth} of the line {@code nx*x + ny*y = offset}. */
    record Band(double nx, double ny, double offset, double halfWidth, int colour, int opacity) implements Shape {
        @Override
        public boolean covers(int x, int y) {
            return Math.abs(nx * x + ny * y - offset) <= halfWidth;
        }
    }
}
