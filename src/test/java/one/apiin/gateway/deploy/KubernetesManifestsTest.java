package one.apiin.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The manifests in k8s/, rendered offline for every target (base, dev, prod, prod with monitoring) and validated
 * against the Kubernetes schemas by {@code k8s/validate} (Node, kubernetes-models); then held to the service: probes
 * on the management port, every variable documented, the restricted security context, and a grace period that fits
 * the drain. The packaged jar answering the probe paths is checked in MultiReplicaIT.
 */
class KubernetesManifestsTest {

    static final Path RENDERED = Path.of("target", "k8s");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void render() throws Exception {
        Path validate = Path.of("k8s", "validate");
        if (!Files.isDirectory(validate.resolve("node_modules"))) {
            run(validate, "npm", "ci", "--no-audit", "--no-fund");
        }
        run(validate, "node", "validate.mjs", RENDERED.toAbsolutePath().toString());
    }

    @Test
    void everyTargetRendersAndValidates() {
        for (String target : List.of("base", "dev", "prod", "prod-monitoring", "prod-catalog")) {
            assertThat(RENDERED.resolve(target + ".json")).exists();
        }
    }

    @Test
    void theCatalogComponentMountsTheOperatorsCatalogFromAConfigMap() throws IOException {
        List<JsonNode> objects = objects("prod-catalog");
        JsonNode container = gateway(objects);
        List<String> catalogFile = new ArrayList<>();
        container.path("env").forEach(env -> {
            if (env.get("name").asText().equals("GATEWAY_CATALOG_FILE")) {
                catalogFile.add(env.get("value").asText());
            }
        });
        assertThat(catalogFile).containsExactly("/config/catalog/models.json");
        List<String> mounts = new ArrayList<>();
        container.path("volumeMounts").forEach(mount -> mounts.add(mount.get("name").asText() + " "
                + mount.get("mountPath").asText() + " " + mount.path("readOnly").asBoolean()));
        assertThat(mounts).contains("catalog /config/catalog true", "tmp /tmp false");
        JsonNode catalog = objects.stream().filter(o -> o.get("kind").asText().equals("ConfigMap")
                && o.at("/metadata/name").asText().equals("image-gateway-catalog")).findFirst().orElseThrow();
        assertThat(catalog.at("/data/models.json").asText()).contains("\"imagen4-fast\"");
        assertThat(catalog.at("/metadata/namespace").asText()).isEqualTo("image-gateway");
        // The secrets and the rest of the pod are the prod overlay's, untouched.
        assertThat(container.path("env").size()).isEqualTo(gateway(objects("prod")).path("env").size() + 1);
    }

    @Test
    void probesAreOnTheManagementPortAtQuarkusHealthPaths() throws IOException {
        JsonNode container = gateway(objects("prod"));
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).isEqualTo("management");
        }
        JsonNode management = null;
        for (JsonNode port : container.get("ports")) {
            if (port.get("name").asText().equals("management")) {
                management = port;
            }
        }
        assertThat(management).isNotNull();
        assertThat(management.get("containerPort").asInt()).isEqualTo(9000);
        assertThat(config(objects("prod")).get("QUARKUS_MANAGEMENT_PORT").asText()).isEqualTo("9000");
    }

    @Test
    void everyVariableInTheManifestsIsDocumented() throws IOException {
        // the reference pages: the configuration table, and the security and deploying pages (MP_JWT_…, QUARKUS_…)
        String readme = Files.readString(Path.of("docs/configuration.md")) + Files.readString(Path.of("docs/security.md"))
                + Files.readString(Path.of("docs/deploying.md"));
        TreeSet<String> variables = new TreeSet<>();
        for (String target : List.of("dev", "prod", "prod-monitoring", "prod-catalog")) {
            List<JsonNode> objects = objects(target);
            config(objects).fieldNames().forEachRemaining(variables::add);
            gateway(objects).path("env").forEach(env -> variables.add(env.get("name").asText()));
        }
        assertThat(variables).isNotEmpty();
        assertThat(variables).allSatisfy(variable -> assertThat(readme).as(variable).contains("`" + variable + "`"));
    }

    @Test
    void thePodRunsRestrictedAndDrainsWithinItsGracePeriod() throws IOException {
        List<JsonNode> objects = objects("prod");
        JsonNode pod = deployment(objects).at("/spec/template/spec");
        JsonNode container = gateway(objects);
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
        assertThat(container.at("/resources/limits/memory").isMissingNode()).isFalse();
        JsonNode config = config(objects);
        long drain = seconds(config.get("QUARKUS_SHUTDOWN_DELAY").asText())
                + seconds(config.get("QUARKUS_SHUTDOWN_TIMEOUT").asText());
        assertThat(pod.get("terminationGracePeriodSeconds").asLong()).isGreaterThan(drain);
        assertThat(deployment(objects).at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(kinds(objects)).contains("HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
                "ServiceAccount", "Service", "ConfigMap");
        assertThat(kinds(objects("prod-monitoring"))).contains("ServiceMonitor");
        assertThat(kinds(objects("dev"))).contains("Secret", "Namespace");
    }

    static List<JsonNode> objects(String target) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        JSON.readTree(RENDERED.resolve(target + ".json").toFile()).forEach(objects::add);
        return objects;
    }

    private static JsonNode deployment(List<JsonNode> objects) {
        return objects.stream().filter(o -> o.get("kind").asText().equals("Deployment")
                && o.at("/metadata/name").asText().equals("image-gateway")).findFirst().orElseThrow();
    }

    static JsonNode gateway(List<JsonNode> objects) {
        return deployment(objects).at("/spec/template/spec/containers/0");
    }

    private static JsonNode config(List<JsonNode> objects) {
        return objects.stream().filter(o -> o.get("kind").asText().equals("ConfigMap")
                && o.at("/metadata/name").asText().equals("image-gateway-config")).findFirst().orElseThrow().get("data");
    }

    private static List<String> kinds(List<JsonNode> objects) {
        return objects.stream().map(o -> o.get("kind").asText()).toList();
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

    private static void run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(new File("target", "k8s-validate.log")).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as("%s (see target/k8s-validate.log): %s", String.join(" ", command),
                Files.readString(Path.of("target", "k8s-validate.log"))).isZero();
    }

}
