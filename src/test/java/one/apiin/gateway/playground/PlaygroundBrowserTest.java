package one.apiin.gateway.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import one.apiin.gateway.support.GatewayKeysForTests;
import one.apiin.gateway.support.Node;

/**
 * The playground in real headless Chromium against this gateway (simulator as the upstream), driven by labels and
 * roles as a person sees it: the form from the catalog, the price (4 then 8 credits, then 0 cached), a generation
 * followed live to its image (loaded: naturalWidth > 0), a cache hit, usage, an input rule beside the prompt, a refused
 * key beside the key field, a budget too small told with its figures, a rate limit told with its retry time counted
 * down while Generate waits (gateway keys issued here with a budget and a limit), the history after a reload reopening a task,
 * a phone width without sideways scrolling,
 * and no console error (CSP violations included). The steps are in src/test/browser/playground.mjs; screenshots at
 * 1280 and 390 px go to target/browser/.
 */
@QuarkusTest
class PlaygroundBrowserTest {

    static final Path BROWSER = Path.of("src", "test", "browser");

    @TestHTTPResource("/")
    URL root;

    @Test
    void aPersonGeneratesAnImageInThePlayground() throws Exception {
        Node.require("PlaygroundBrowserTest");
        String chromium = Node.requireChromium("PlaygroundBrowserTest");
        Node.install(BROWSER, Node.log("browser/npm-ci.log"));
        String base = root.toString().replaceAll("/$", "");
        String output = Node.run(BROWSER, Node.log("browser/playground.log"), Map.of("CHROMIUM", chromium,
                "BUDGET_KEY", GatewayKeysForTests.issue("budgetCredits", 6),
                "LIMITED_KEY", GatewayKeysForTests.issue("rateLimitPerMinute", 1)), 240,
                "node", "playground.mjs", base, Path.of("target", "browser").toAbsolutePath().toString());
        assertThat(output).contains("every step passed");
        assertThat(Path.of("target", "browser", "playground-desktop.png")).exists();
        assertThat(Path.of("target", "browser", "playground-phone.png")).exists();
    }
}
