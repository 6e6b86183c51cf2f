package one.apiin.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on a free loopback port, as a caller of the API in One dialect runs one: it keeps every
 * delivery and answers the first {@code failures} with 503, then 204.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One delivery as received: the Standard Webhooks headers and the raw body. */
    public record Delivery(String path, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;

    public WebhookReceiver(int failures) {
        this.failuresLeft = new AtomicInteger(failures);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(new Delivery(exchange.getRequestURI().toString(), Map.of(
                    "webhook-id", String.valueOf(headers.getFirst("webhook-id")),
                    "webhook-timestamp", String.valueOf(headers.getFirst("webhook-timestamp")),
                    "webhook-signature", String.valueOf(headers.getFirst("webhook-signature")),
                    "content-type", String.valueOf(headers.getFirst("Content-Type"))), body));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL deliveries should go to. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Delivery> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
