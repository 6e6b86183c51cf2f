package one.apiin.gateway.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import one.apiin.gateway.auth.AuthConfig;
import one.apiin.gateway.auth.AuthMode;
import one.apiin.gateway.support.SelfUrl;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * GraphiQL ({@code /q/graphql-ui}) opened without a document of its own opens on a working example: every public
 * operation in order (models, a price, a generation, its live progress, the history, the usage) and the
 * {@code Authorization} header preset. SmallRye's GraphiQL has no setting for a default document, but it reads
 * {@code query}, {@code variables} and {@code headers} from its address (and writes them back as one edits), so a plain
 * visit is redirected to the address carrying the example; any address with parameters is left alone.
 */
@ApplicationScoped
class GraphiqlExample {

    static final String UI = "/q/graphql-ui";

    private final String location;

    GraphiqlExample(UpstreamConfig upstream, AuthConfig auth) {
        boolean simulated = SelfUrl.SELF.equals(upstream.url()) && auth.modes().contains(AuthMode.PASS_THROUGH);
        String key = simulated ? PlaygroundResource.SIMULATOR_KEY : "<your API key>";
        this.location = UI + "/?query=" + encode(read()) + "&variables=" + encode("{\"id\": \"tsk_… from Generate\"}")
                + "&headers=" + encode("{\"Authorization\": \"Bearer " + key + "\"}");
    }

    /** Ahead of the UI's own routes; only the bare page, never its scripts and styles. */
    void route(@Observes Router router) {
        router.get(UI).order(-100).handler(this::redirect);
        router.get(UI + "/").order(-100).handler(this::redirect);
    }

    String location() {
        return location;
    }

    private void redirect(RoutingContext context) {
        if (context.request().query() != null && !context.request().query().isEmpty()) {
            context.next();
            return;
        }
        context.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private static String encode(String value) {
        // GraphiQL decodes with decodeURIComponent, which reads a space as %20 only.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String read() {
        try (InputStream in = GraphiqlExample.class.getClassLoader()
                .getResourceAsStream("playground/graphiql-example.graphql")) {
            if (in == null) {
                throw new IllegalStateException("playground/graphiql-example.graphql is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
