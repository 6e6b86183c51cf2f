package one.apiin.gateway.graphql.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import one.apiin.gateway.support.NodeClients;

/**
 * The GraphQL-over-HTTP spec's own audit (npm graphql-http's serverAudits) against /graphql: every MUST and every
 * SHOULD passes. The full report is written to docs/graphql-over-http-audit.md.
 */
@QuarkusTest
class GraphQLOverHttpAuditTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void everyMustAndShouldPasses() throws Exception {
        NodeClients.assumeAvailable(NodeClients.TRANSPORTS);
        Path report = Path.of("docs", "graphql-over-http-audit.md").toAbsolutePath();
        String output = NodeClients.node(NodeClients.TRANSPORTS, "audit.mjs", graphql.toString(), report.toString());
        List<JsonNode> audits = NodeClients.jsonLines(output);
        assertThat(audits).hasSizeGreaterThan(50);
        List<String> unmet = audits.stream()
                .filter(audit -> List.of("error", "warn").contains(audit.get("status").asText()))
                .map(audit -> audit.get("id").asText() + " " + audit.get("name").asText() + ": "
                        + audit.get("reason").asText())
                .toList();
        assertThat(unmet).as("MUSTs and SHOULDs not met").isEmpty();
    }
}
