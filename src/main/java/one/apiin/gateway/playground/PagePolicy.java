package one.apiin.gateway.playground;

/**
 * The headers every playground response carries, decided from the configuration alone: the page, its scripts and its
 * style come from the gateway itself, nothing runs inline, nothing loads from anywhere else, and no other site may
 * frame it. The API and its websocket are on the same origin ({@code connect-src 'self'} covers {@code ws:} and
 * {@code wss:} to it). Images are the gateway's own unless the gateway does not serve them itself (no store, or S3
 * delivery by redirect to presigned URLs): then they come from elsewhere over https.
 */
record PagePolicy(boolean imagesFromElsewhere) {

    String contentSecurityPolicy() {
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self'" + (imagesFromElsewhere ? " https:" : ""),
                "connect-src 'self'",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'");
    }
}
