package one.apiin.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The copy's bounds over real HTTP, against an image host on loopback that answers as hostile or careless hosts do:
 * the bytes decide what an image is (not the Content-Type), a few redirects are followed and no more, a body past the
 * size cap is cut whether it says its length or not, and no address but the upstream's own host (localhost here) is
 * reached when it is not public: not a redirect to the metadata address, not the loopback under another name.
 */
@QuarkusTest
class ImageFetcherTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static HttpServer host;
    private static String base;
    private static byte[] png;
    /** The loopback address the server listens on, as a URL's host: the same server, not named "localhost". */
    private static String literal;

    @Inject
    ImageFetcher fetcher;

    @BeforeAll
    static void start() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        png = bytes.toByteArray();
        // Where the fetcher connects for "localhost" (the upstream's own host in tests): its first address.
        InetAddress localhost = InetAddress.getAllByName("localhost")[0];
        host = HttpServer.create(new InetSocketAddress(localhost, 0), 0);
        host.createContext("/png-as-text", exchange -> answer(exchange, 200, "text/plain", png));
        host.createContext("/html-as-png", exchange -> answer(exchange, 200, "image/png",
                "<!doctype html><html><body>not an image at all</body></html>".getBytes(StandardCharsets.UTF_8)));
        host.createContext("/redirect/", exchange -> {
            int left = Integer.parseInt(exchange.getRequestURI().getPath().substring("/redirect/".length()));
            redirect(exchange, left == 0 ? "/png-as-text" : "/redirect/" + (left - 1));
        });
        host.createContext("/to-metadata", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
        host.createContext("/gone", exchange -> answer(exchange, 404, "text/plain", new byte[0]));
        host.createContext("/busy", exchange -> answer(exchange, 503, "text/plain", new byte[0]));
        host.createContext("/huge-declared", exchange -> streamPng(exchange, 21L * 1024 * 1024));
        host.createContext("/huge-chunked", exchange -> streamPng(exchange, 0));
        host.start();
        base = "http://localhost:" + host.getAddress().getPort();
        String address = localhost.getHostAddress();
        literal = "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + host.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        host.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** A PNG's signature, then zeros past the 20 MiB cap: with its length said ({@code length}) or chunked (0). */
    private static void streamPng(HttpExchange exchange, long length) {
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, length);
            out.write(png, 0, 16);
            byte[] zeros = new byte[64 * 1024];
            for (long sent = 16; sent < 21L * 1024 * 1024; sent += zeros.length) {
                out.write(zeros);
            }
        } catch (IOException expected) {
            // The fetcher hung up once it had seen enough.
        }
    }

    private ImageFetcher.CopyFailed refusal(String url) {
        ImageFetcher.CopyFailed failed = catchThrowableOfType(() -> fetcher.fetch(url).await().atMost(WAIT),
                ImageFetcher.CopyFailed.class);
        assertThat(failed).as(url).isNotNull();
        return failed;
    }

    @Test
    void theBytesDecideWhatAnImageIsNotTheContentType() {
        assertThat(fetcher.fetch(base + "/png-as-text").await().atMost(WAIT)).isEqualTo(png);
        ImageFetcher.CopyFailed html = refusal(base + "/html-as-png");
        assertThat(html.getMessage()).contains("not a PNG, JPEG or WebP");
        assertThat(html.permanent()).isTrue();
    }

    @Test
    void aFewRedirectsAreFollowedAndNoMore() {
        assertThat(fetcher.fetch(base + "/redirect/2").await().atMost(WAIT)).as("3 redirects").isEqualTo(png);
        ImageFetcher.CopyFailed tooMany = refusal(base + "/redirect/3");
        assertThat(tooMany.getMessage()).isEqualTo("too many redirects");
        assertThat(tooMany.permanent()).isTrue();
    }

    @Test
    void aBodyPastTheCapIsCutWhetherItSaysItsLengthOrNot() {
        for (String path : new String[] { "/huge-declared", "/huge-chunked" }) {
            ImageFetcher.CopyFailed huge = refusal(base + path);
            assertThat(huge.getMessage()).as(path).isEqualTo("the image is larger than 20971520 bytes");
            assertThat(huge.permanent()).isTrue();
        }
    }

    @Test
    void noPrivateAddressButTheUpstreamsOwnHostIsReached() {
        ImageFetcher.CopyFailed metadata = refusal(base + "/to-metadata");
        assertThat(metadata.getMessage()).isEqualTo("the image host is not a public address");
        assertThat(metadata.permanent()).isTrue();
        // The same loopback server, named otherwise than the upstream's host: refused before any connection.
        ImageFetcher.CopyFailed loopback = refusal(literal + "/png-as-text");
        assertThat(loopback.getMessage()).isEqualTo("the image host is not a public address");
        assertThat(refusal("http://user:secret@localhost:1/x.png").getMessage())
                .isEqualTo("only http(s) URLs without credentials are fetched");
        assertThat(refusal("file:///etc/passwd").permanent()).isTrue();
    }

    @Test
    void anExpiredLinkIsGoneForGoodAndABusyHostIsTriedAgain() {
        assertThat(refusal(base + "/gone").permanent()).isTrue();
        assertThat(refusal(base + "/busy").permanent()).isFalse();
    }
}
