package one.apiin.gateway.images;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;

import one.apiin.gateway.support.SelfUrl;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * Downloads one image of an upstream answer, bounded: connect and whole-copy timeouts, a size cap, a few redirects,
 * and only bytes that are a PNG, JPEG or WebP by their magic numbers (whatever the Content-Type says). Only public
 * addresses are reached (each redirect is checked again, and the connection goes to the address checked, so a DNS
 * answer cannot change between check and use), except the configured upstream's own host.
 */
@ApplicationScoped
class ImageFetcher {

    /** Bytes enough for {@link ImageFormat#sniff}. */
    private static final int SNIFF_BYTES = 16;

    private final Vertx vertx;
    private final ImagesConfig config;
    private final String upstreamHost;
    private final HttpClient client;

    ImageFetcher(Vertx vertx, ImagesConfig config, UpstreamConfig upstream) {
        this.vertx = vertx;
        this.config = config;
        String base = SelfUrl.SELF.equals(upstream.url()) ? SelfUrl.base() : upstream.url().strip();
        this.upstreamHost = host(URI.create(base));
        this.client = vertx.getDelegate().createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxPoolSize(16)
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Why a copy failed, told without the URL (it may carry the upstream's signature). */
    static final class CopyFailed extends RuntimeException {
        private final boolean permanent;

        CopyFailed(String message, boolean permanent) {
            super(message, null, false, false);
            this.permanent = permanent;
        }

        /** Trying again cannot help: the URL is refused, or what it serves is not an image. */
        boolean permanent() {
            return permanent;
        }
    }

    /** The image's bytes, or a {@link CopyFailed}. */
    Uni<byte[]> fetch(String url) {
        return follow(url, config.maxRedirects())
                .ifNoItem().after(config.copyTimeout()).failWith(() -> new CopyFailed("the copy timed out", false));
    }

    private Uni<byte[]> follow(String url, int redirectsLeft) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new CopyFailed("the URL is malformed", true));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawUserInfo() != null || host(uri) == null) {
            return Uni.createFrom().failure(new CopyFailed("only http(s) URLs without credentials are fetched", true));
        }
        return resolve(uri).chain(address -> get(uri, address)).chain(answer -> {
            if (answer.location() == null) {
                return Uni.createFrom().item(answer.bytes());
            }
            if (redirectsLeft <= 0) {
                return Uni.createFrom().failure(new CopyFailed("too many redirects", true));
            }
            return follow(uri.resolve(answer.location()).toString(), redirectsLeft - 1);
        });
    }

    /** The address to connect to: any for the upstream's own host, else a public one only. */
    private Uni<InetAddress> resolve(URI uri) {
        String host = host(uri);
        boolean trusted = host.equals(upstreamHost);
        return vertx.executeBlocking(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new CopyFailed("the image host is unknown", false);
            }
            if (!trusted && !Arrays.stream(addresses).allMatch(ImageAddresses::isPublic)) {
                throw new CopyFailed("the image host is not a public address", true);
            }
            return addresses[0];
        }, false);
    }

    private record Answer(byte[] bytes, String location) {
    }

    private Uni<Answer> get(URI uri, InetAddress address) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(uri.getHost()).setPort(port).setSsl(tls).setURI(path)
                .setIdleTimeout(config.copyTimeout().toMillis())
                .putHeader("Accept", "image/png, image/jpeg, image/webp");
        return Uni.createFrom().emitter(emitter -> client.request(options)
                .compose(request -> request.send())
                .compose(this::read)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        emitter.complete(result.result());
                    } else {
                        Throwable failure = result.cause();
                        emitter.fail(failure instanceof CopyFailed ? failure
                                : new CopyFailed("the image host could not be read: " + failure, false));
                    }
                }));
    }

    private Future<Answer> read(HttpClientResponse response) {
        int status = response.statusCode();
        if (status >= 300 && status < 400 && response.getHeader("Location") != null) {
            return response.body().map(ignored -> new Answer(null, response.getHeader("Location")));
        }
        // A connection reset on purpose is no error worth logging (Vert.x would log it without a handler).
        response.exceptionHandler(ignored -> {
        });
        if (status != 200) {
            response.request().reset();
            // 404/410: the upstream's link expired (or never was); trying again cannot bring it back.
            boolean gone = status == 404 || status == 410;
            return Future.failedFuture(new CopyFailed("the image host answered HTTP " + status, gone));
        }
        String length = response.getHeader("Content-Length");
        if (length != null && parse(length) > config.maxBytes()) {
            response.request().reset();
            return Future.failedFuture(new CopyFailed("the image is larger than " + config.maxBytes() + " bytes", true));
        }
        Promise<Answer> done = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            boolean sniffed = body.length() >= SNIFF_BYTES;
            body.appendBuffer(chunk);
            if (body.length() > config.maxBytes()) {
                done.tryFail(new CopyFailed("the image is larger than " + config.maxBytes() + " bytes", true));
                response.request().reset();
            } else if (!sniffed && body.length() >= SNIFF_BYTES
                    && ImageFormat.sniff(body.getBytes(0, SNIFF_BYTES)).isEmpty()) {
                done.tryFail(new CopyFailed("what the URL serves is not a PNG, JPEG or WebP image", true));
                response.request().reset();
            }
        });
        response.exceptionHandler(failure -> done.tryFail(new CopyFailed("the image host could not be read", false)));
        response.endHandler(ignored -> done.tryComplete(new Answer(body.getBytes(), null)));
        return done.future();
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    }
}
