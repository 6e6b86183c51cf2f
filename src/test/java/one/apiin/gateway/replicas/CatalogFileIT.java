package one.apiin.gateway.replicas;

import static one.apiin.gateway.replicas.MultiReplicaIT.awaitEnd;
import static one.apiin.gateway.replicas.MultiReplicaIT.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;

/**
 * An operator's catalog file on the packaged jar (prod profile, its own simulator as the upstream): it retires
 * imagen4-ultra (replacement imagen4) and deprecates imagen4-fast; without fallbacks the retired model is refused
 * naming its replacement, with them it runs on the replacement at its price; a file that breaks a rule stops the start
 * naming the entry and the rule. The database and Redis are the test ones unless {@code -Dit.database=} (a JDBC-less
 * name, e.g. gateway_test_me) and {@code -Dit.redis=} say otherwise.
 */
class CatalogFileIT {

    static final String LIFECYCLE = Path.of("src/test/resources/catalog/lifecycle.json").toAbsolutePath().toString();

    @Test
    void withoutFallbacksARetiredModelIsRefusedAndADeprecatedOneServed() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess("catalog-file", env(LIFECYCLE, false)).start()) {
            String key = "aio_" + UUID.randomUUID();
            JsonPath refused = post(gateway, key, Documents.GENERATE, Map.of("input", Map.of("prompt",
                    "an ultra lighthouse", "model", "imagen4-ultra")));
            assertThat(refused.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
            assertThat(refused.getString("errors[0].extensions.fields[0].message"))
                    .isEqualTo("model imagen4-ultra is retired; use its replacement imagen4");

            JsonPath created = post(gateway, key, Documents.GENERATE, Map.of("input", Map.of("prompt",
                    "a deprecated lighthouse", "model", "imagen4-fast")));
            JsonPath ended = awaitEnd(gateway, key, created.getString("data.generateImage.id"), Duration.ofSeconds(30));
            assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
            assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(4);
        }
    }

    @Test
    void withFallbacksARetiredModelRunsOnItsReplacementAtItsPrice() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess("catalog-fallbacks", env(LIFECYCLE, true)).start()) {
            String key = "aio_" + UUID.randomUUID();
            JsonPath created = post(gateway, key, Documents.GENERATE, Map.of("input", Map.of("prompt",
                    "an ultra lighthouse", "model", "imagen4-ultra", "numImages", 2)));
            assertThat(created.getList("errors")).as(created.prettify()).isNull();
            JsonPath ended = awaitEnd(gateway, key, created.getString("data.generateImage.id"), Duration.ofSeconds(30));
            assertThat(ended.getString("data.task.model")).isEqualTo("imagen4");
            assertThat(ended.getString("data.task.requestedModel")).isEqualTo("imagen4-ultra");
            assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(16);
        }
    }

    @Test
    void aBadFileStopsTheStartNamingTheEntryAndTheRule(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("models.json");
        Files.writeString(file, Files.readString(Path.of(LIFECYCLE)).replace("\"replacement\": \"imagen4\"",
                "\"replacement\": \"gemini-3-image\""));
        GatewayProcess gateway = new GatewayProcess("catalog-bad", env(file.toString(), false));
        assertThatThrownBy(gateway::start).hasMessageContaining("did not start");
        assertThat(Files.readString(Path.of("target", "replica-catalog-bad.log")))
                .contains("entry 1 (imagen4-fast): replacement gemini-3-image is not in the catalog")
                .contains("entry 3 (imagen4-ultra): replacement gemini-3-image is not in the catalog");
        gateway.close();
    }

    private static Map<String, String> env(String catalogFile, boolean fallbacks) {
        String database = System.getProperty("it.database", "gateway_test");
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        env.put("QUARKUS_REDIS_HOSTS", System.getProperty("it.redis", "redis://127.0.0.1:6379/0"));
        env.put("GATEWAY_UPSTREAM_URL", "builtin");
        env.put("GATEWAY_SECRET", MultiReplicaIT.SECRET);
        env.put("GATEWAY_FEED_CHANNEL", "image-gateway-it-catalog:" + database + ":changes");
        env.put("GATEWAY_TRACKING_LEASE_PREFIX", "image-gateway-it-catalog:" + database + ":lease:");
        env.put("GATEWAY_TRACKING_FIRST_POLL", "200ms");
        env.put("GATEWAY_CATALOG_FILE", catalogFile);
        env.put("GATEWAY_CATALOG_FALLBACKS", Boolean.toString(fallbacks));
        return env;
    }
}
