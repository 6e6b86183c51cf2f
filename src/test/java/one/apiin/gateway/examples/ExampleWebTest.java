package one.apiin.gateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import one.apiin.gateway.support.Node;

/**
 * The typed frontend example (examples/web) against this gateway: its types generated from the schema the gateway
 * serves (graphql-codegen's client preset), type-checked by tsc, then its own tests run with node --test: the price,
 * a generation followed over graphql-ws to its image, a cache hit, its page showing the image, and a document of
 * no build run (this gateway takes any; {@link ExampleTrustedIT} runs the same against one that trusts only the
 * manifest codegen writes here). Skipped, saying so, where Node is missing.
 */
@QuarkusTest
class ExampleWebTest {

    static final Path EXAMPLE = Path.of("examples", "web");

    @TestHTTPResource("/")
    URL root;

    @Test
    void theTypedExampleGeneratesAndShowsAnImage() throws Exception {
        Node.require("ExampleWebTest");
        Node.install(EXAMPLE, Node.log("examples-web/npm-ci.log"));
        String output = Node.run(EXAMPLE, Node.log("examples-web/npm-test.log"),
                Map.of("GATEWAY_URL", root.toString().replaceAll("/$", "")), 300, "npm", "test");
        assertThat(output).contains("# pass 3").contains("# fail 0");
    }
}
