package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.path.json.JsonPath;

/**
 * The Node.js clients in {@code src/test/node}, run as their users run them: {@code dialects} (the official
 * {@code openai} SDK, the {@code standardwebhooks} library) and {@code transports} (graphql-http's audit, graphql-sse,
 * urql's persisted queries). Tests that need them are skipped, saying why, where there is no Node.js. Each directory's
 * packages are installed from its committed package-lock.json on first use ({@code npm ci}).
 */
public final class NodeClients {

    public static final Path DIALECTS = Path.of("src/test/node/dialects");
    public static final Path TRANSPORTS = Path.of("src/test/node/transports");
    private static Boolean available;
    private static final Map<Path, Boolean> installed = new HashMap<>();

    private NodeClients() {
    }

    /** Skips the calling test, with a message, when Node.js is missing; installs the dialects' packages once. */
    public static synchronized void assumeAvailable() {
        assumeAvailable(DIALECTS);
    }

    /** Skips the calling test, with a message, when Node.js is missing; installs the directory's packages once. */
    public static synchronized void assumeAvailable(Path directory) {
        if (available == null) {
            available = works(directory, "node", "--version");
            if (!available) {
                System.out.println("SKIPPED: Node.js (node) is not on PATH: the tests through the npm clients of "
                        + "src/test/node do not run");
            }
        }
        Assumptions.assumeTrue(available, "Node.js (node) is not on PATH: the tests through the npm clients of "
                + directory + " are skipped");
        if (!installed.containsKey(directory) && stale(directory)) {
            assertThat(works(directory, "npm", "ci", "--no-audit", "--no-fund")).as("npm ci in " + directory).isTrue();
        }
        installed.put(directory, Boolean.TRUE);
    }

    /** No packages yet, or installed from an older lock file than the committed one. */
    private static boolean stale(Path directory) {
        Path installed = directory.resolve("node_modules").resolve(".package-lock.json");
        try {
            return !Files.exists(installed) || Files.getLastModifiedTime(installed)
                    .compareTo(Files.getLastModifiedTime(directory.resolve("package-lock.json"))) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Runs a dialects script with the environment and standard input given; its standard output, parsed as JSON. */
    public static JsonPath run(String script, Map<String, String> environment, String input) {
        String output = output(DIALECTS, environment, input, List.of(script)).stdout();
        return JsonPath.from(output);
    }

    /** Runs {@code node <script> <arguments…>} in {@code directory}; its standard output, after it exited 0. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON objects a script printed, one per line (other lines, npm's notices, are skipped). */
    public static List<JsonNode> jsonLines(String output) {
        return output.lines().filter(line -> line.startsWith("{")).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException(line, e);
            }
        }).toList();
    }

    public static String node(Path directory, String script, String... arguments) {
        List<String> command = new ArrayList<>(List.of(script));
        command.addAll(List.of(arguments));
        Output output = output(directory, Map.of(), null, command);
        assertThat(output.exit()).as("node %s exited 0; its errors: %s", script, output.stderr()).isZero();
        return output.stdout();
    }

    private record Output(String stdout, String stderr, int exit) {
    }

    private static Output output(Path directory, Map<String, String> environment, String input, List<String> script) {
        String name = script.get(0);
        try {
            List<String> command = new ArrayList<>(List.of("node"));
            command.addAll(script);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            process.getOutputStream().write((input == null ? "" : input).getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(name + " ended").isTrue();
            String output = out.join();
            assertThat(output).as(name + " printed nothing; its errors: " + err.join()).isNotBlank();
            return new Output(output, err.join(), process.exitValue());
        } catch (IOException e) {
            throw new AssertionError("node " + name + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean works(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(5, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
