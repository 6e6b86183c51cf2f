package one.apiin.gateway.replicas;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The packaged service (target/quarkus-app) started as a real process on a free port, prod profile. */
public final class GatewayProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    final String name;
    final int port;
    final int managementPort;
    private final Map<String, String> env;
    private Process process;

    /**
     * What a replica needs to run on the tests' PostgreSQL and Redis (overridable as for the unit tests, through the
     * {@code _TEST_…} variables) with its built-in simulator as the upstream, under Redis names of its own.
     */
    public static Map<String, String> onTestServices(String name) {
        Map<String, String> env = new HashMap<>();
        Map<String, String> outside = System.getenv();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL",
                outside.getOrDefault("_TEST_QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/gateway_test"));
        env.put("QUARKUS_DATASOURCE_JDBC_URL",
                outside.getOrDefault("_TEST_QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/gateway_test"));
        env.put("QUARKUS_REDIS_HOSTS", outside.getOrDefault("_TEST_QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379"));
        env.put("GATEWAY_UPSTREAM_URL", "builtin");
        env.put("GATEWAY_SECRET", name + "-it-secret-of-at-least-32-characters");
        env.put("GATEWAY_FEED_CHANNEL", "image-gateway-it-" + name + ":changes");
        env.put("GATEWAY_PERSISTED_DOCUMENTS_PREFIX", "image-gateway-it-" + name + ":apq:");
        env.put("GATEWAY_TRACKING_LEASE_PREFIX", "image-gateway-it-" + name + ":lease:");
        return env;
    }

    /** A replica on the tests' services that runs only the documents of the trusted-documents manifest at {@code manifest}. */
    public static GatewayProcess trusted(String name, java.nio.file.Path manifest) throws IOException {
        Map<String, String> env = onTestServices(name);
        env.put("GATEWAY_PERSISTED_DOCUMENTS", "trusted");
        env.put("GATEWAY_PERSISTED_DOCUMENTS_MANIFEST", manifest.toString());
        return new GatewayProcess(name, env);
    }

    public GatewayProcess(String name, Map<String, String> env) throws IOException {
        this.name = name;
        this.port = freePort();
        this.managementPort = freePort();
        this.env = new HashMap<>(env);
        this.env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        this.env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    }

    public GatewayProcess start() throws IOException {
        process = launch();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !process.isAlive() || ready());
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " did not start; see target/replica-" + name + ".log");
        }
        return this;
    }

    /** As a crash: SIGKILL, no shutdown hooks, leases left to expire. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** As a rolling restart: SIGTERM, then wait. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** SIGTERM, without waiting: the test watches what happens while the replica shuts down. */
    void terminate() {
        process.destroy();
    }

    /** Whether the process exited within {@code atMost}. */
    boolean exitsWithin(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /**
     * The packaged jar as its own process, its output in {@code target/replica-<name>.log}. C1 only: up to four such
     * JVMs share two cores with the tests for seconds each, where C2's compilations would take the cores the replicas'
     * work needs; what the replicas do is the same.
     */
    private Process launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toString()).redirectErrorStream(true).redirectOutput(new File("target", "replica-" + name + ".log"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Health and metrics: the management interface, on its own port. */
    String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** Starts the process and waits for it to exit on its own (a refused start); its exit code. */
    int startExpectingExit() throws IOException, InterruptedException {
        process = launch();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            // Not left behind to serve on: later runs would share its database and Redis.
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " kept running");
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return java.nio.file.Files.readString(Path.of("target", "replica-" + name + ".log"));
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(managementUrl() + "/q/health/ready")
                    .openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
