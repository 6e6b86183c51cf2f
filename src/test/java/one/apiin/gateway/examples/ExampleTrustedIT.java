package one.apiin.gateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import one.apiin.gateway.replicas.GatewayProcess;
import one.apiin.gateway.support.Node;

/**
 * The typed frontend example against a packaged replica that trusts only the example's own build: started with
 * GATEWAY_PERSISTED_DOCUMENTS=trusted and the manifest graphql-codegen writes (examples/web/src/gql/
 * persisted-documents.json), it must run the example's price, generation, live subscription and page, sent by hash,
 * and refuse a document of no build. Skipped, saying so, where Node is missing.
 */
class ExampleTrustedIT {

    private static final Path MANIFEST = ExampleWebTest.EXAMPLE.resolve("src/gql/persisted-documents.json")
            .toAbsolutePath();
    private static GatewayProcess trusted;

    @BeforeAll
    static void start() throws Exception {
        Node.require("ExampleTrustedIT");
        trusted = GatewayProcess.trusted("example-trusted", MANIFEST).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (trusted != null) {
            trusted.close();
        }
    }

    @Test
    void theTypedExampleRunsOnAReplicaThatTrustsOnlyItsBuild() throws Exception {
        Node.install(ExampleWebTest.EXAMPLE, Node.log("examples-web/npm-ci.log"));
        String output = Node.run(ExampleWebTest.EXAMPLE, Node.log("examples-web/npm-test-trusted.log"),
                Map.of("GATEWAY_URL", trusted.url(), "GATEWAY_TRUSTED", "true"), 300, "npm", "test");
        assertThat(output).contains("# pass 3").contains("# fail 0");
    }
}
