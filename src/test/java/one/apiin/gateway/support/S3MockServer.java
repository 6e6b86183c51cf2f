package one.apiin.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Adobe S3Mock, a real S3 HTTP API in a process of its own: one per test JVM, started on first use on free ports and
 * stopped when the JVM exits. It is a Spring Boot jar that needs Java 21+ (the tests run on 17): S3MOCK_JAVA names
 * the java to use, else the running one if new enough, else the newest under /usr/lib/jvm. scripts/services.sh fetches
 * the jar and makes sure such a Java exists. Its output goes to target/s3mock.log.
 */
public final class S3MockServer {

    public static final String BUCKET = "image-gateway-test";
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");
    private static final int MINIMUM_JAVA = 21;

    private static S3MockServer running;

    private final int httpPort;
    private final Process process;
    private final Path root;

    private S3MockServer(int httpPort, Process process, Path root) {
        this.httpPort = httpPort;
        this.process = process;
        this.root = root;
    }

    /** The one server of this JVM, started (and waited for) on the first call. */
    public static synchronized S3MockServer get() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "s3mock-stop"));
        }
        return running;
    }

    /** Plain HTTP, as S3 clients are pointed at it. */
    public String endpoint() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A bucket the server made at its start. */
    public String bucket() {
        return BUCKET;
    }

    private static S3MockServer start() {
        Path jar = Path.of(System.getProperty("s3mock.jar", defaultJar()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock is not at " + jar + ": run scripts/services.sh");
        }
        String java = java().orElseThrow(() -> new IllegalStateException("S3Mock needs Java " + MINIMUM_JAVA
                + "+: set S3MOCK_JAVA to its java, or run scripts/services.sh (which says what is missing)"));
        int httpPort = freePort();
        try {
            Path root = Files.createTempDirectory("s3mock");
            Path log = Path.of("target", "s3mock.log");
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(java,
                    // A small test server on a shared 2-core machine: quick start, one GC thread, little memory.
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar.toString(),
                    // HTTPS on a port of its own, on loopback only; the HTTP connector has no address setting in
                    // S3Mock 4.9 and listens on every interface (a random port, for this JVM's life).
                    "--server.port=" + freePort(), "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.http-port=" + httpPort,
                    "--com.adobe.testing.s3mock.store.root=" + root.resolve("store"),
                    "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                    "--com.adobe.testing.s3mock.store.retain-files-on-exit=false"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            S3MockServer server = new S3MockServer(httpPort, process, root);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .failFast("S3Mock exited, see " + log, () -> !process.isAlive()).until(server::hasBucket);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("S3Mock could not be started", e);
        }
    }

    /** Listing the buckets also makes the initial one: S3Mock initialises its store lazily, on the first request. */
    private boolean hasBucket() {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("<Name>" + BUCKET + "</Name>");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
        delete(root);
    }

    private static String defaultJar() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "adobe", "testing", "s3mock", "4.9.1",
                "s3mock-4.9.1-exec.jar").toString();
    }

    /** A java of version 21 or later: S3MOCK_JAVA (a java binary or a JDK folder), this JVM, or /usr/lib/jvm. */
    static Optional<String> java() {
        String chosen = System.getenv("S3MOCK_JAVA");
        if (chosen != null && !chosen.isBlank()) {
            Path path = Path.of(chosen);
            return Optional.of((Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path).toString());
        }
        Path home = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= MINIMUM_JAVA) {
            return Optional.of(home.resolve("bin").resolve("java").toString());
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin").resolve("java")))
                    .filter(jdk -> version(jdk) >= MINIMUM_JAVA).max(Comparator.comparingInt(S3MockServer::version))
                    .map(jdk -> jdk.resolve("bin").resolve("java").toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The major version a JDK's release file states, 0 if it has none. */
    private static int version(Path jdk) {
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(jdk.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is no failure of the tests
        }
    }
}
