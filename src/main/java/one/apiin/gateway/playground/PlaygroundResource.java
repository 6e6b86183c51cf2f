package one.apiin.gateway.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.quarkus.runtime.LaunchMode;

import one.apiin.gateway.auth.AuthConfig;
import one.apiin.gateway.auth.AuthMode;
import one.apiin.gateway.images.ImagesConfig;
import one.apiin.gateway.support.SelfUrl;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * The playground: one page at {@code /} and its few files under {@code /playground/}, plain HTML, CSS and ES modules
 * read from the classpath ({@code src/main/resources/playground}), no build step. Served only when
 * {@code GATEWAY_PLAYGROUND_ENABLED} (dev and test: on); otherwise, and for any name not listed here, a bare 404.
 */
@Path("/")
public class PlaygroundResource {

    /** The files the page is made of, with their types: nothing else under the folder is ever served. */
    private static final Map<String, String> FILES = Map.of(
            "playground.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "form.js", "text/javascript; charset=utf-8",
            "view.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");
    /** The simulator accepts any API in One key: the page fills one in where the simulator is the upstream. */
    static final String SIMULATOR_KEY = "aio_playground";

    private final PlaygroundConfig config;
    private final PagePolicy policy;
    private final String demoKey;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    PlaygroundResource(PlaygroundConfig config, ImagesConfig images, UpstreamConfig upstream, AuthConfig auth) {
        this.config = config;
        this.policy = new PagePolicy(images.store() == ImagesConfig.Store.NONE
                || images.store() == ImagesConfig.Store.S3 && images.delivery() == ImagesConfig.Delivery.REDIRECT);
        boolean simulated = SelfUrl.SELF.equals(upstream.url()) && auth.modes().contains(AuthMode.PASS_THROUGH);
        this.demoKey = simulated ? SIMULATOR_KEY : "";
    }

    @GET
    public Response page() {
        if (!config.enabled()) {
            return notFound();
        }
        String html = new String(read("index.html"), StandardCharsets.UTF_8).replace("{{demoKey}}", demoKey);
        return served(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    @GET
    @Path("playground/{name}")
    public Response file(@PathParam("name") String name) {
        String type = FILES.get(name);
        if (!config.enabled() || type == null) {
            return notFound();
        }
        return served(read(name), type);
    }

    private Response served(byte[] body, String type) {
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, type)
                .header("Content-Security-Policy", policy.contentSecurityPolicy())
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                // Small and changing with each release: always revalidated, never stale after an upgrade.
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).build();
    }

    /** From the classpath; kept after the first read except in dev mode, where the files are being edited. */
    private byte[] read(String name) {
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            return load(name);
        }
        return cache.computeIfAbsent(name, PlaygroundResource::load);
    }

    private static byte[] load(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("playground/" + name)) {
            if (in == null) {
                throw new IllegalStateException("playground/" + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
