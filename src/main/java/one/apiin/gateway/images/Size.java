package one.apiin.gateway.images;

/** A size as a header states it; long because PNG and WebP can state more than an int holds. */
record Size(long width, long height) {
}
