package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Real npm clients (graphql-http's audit, graphql-sse, urql) run from {@code src/test/node} against the running
 * gateway. Installed by the tests themselves ({@code npm ci}, from the committed lock file); where Node.js is missing
 * the tests that need it are skipped, saying so.
 */
public final class NodeClients {

    public static final Path DIRECTORY = Path.of("src", "test", "node");

    private NodeClients() {
    }

    /** Skips the calling test when Node.js is not installed; installs the clients when they are not yet. */
    public static synchronized void require() throws Exception {
        boolean present;
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            present = version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (java.io.IOException e) {
            present = false;
        }
        if (!present) {
            System.out.println("SKIPPED: Node.js is not installed, so the npm clients of src/test/node cannot run.");
        }
        Assumptions.assumeTrue(present, "Node.js is not installed: the npm clients of src/test/node cannot run");
        Path installed = DIRECTORY.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.exists(installed)
                || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(
                        DIRECTORY.resolve("package-lock.json"))) < 0) {
            run(Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        }
    }

    /** Runs {@code node <script> <arguments…>} in src/test/node; its output, after it exited 0. */
    public static String node(Map<String, String> environment, String script, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        return run(environment, command.toArray(String[]::new));
    }

    private static String run(Map<String, String> environment, String... command) throws Exception {
        File log = Files.createTempFile("node-client", ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true)
                .redirectOutput(log);
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log.toPath());
        log.delete();
        assertThat(finished).as("%s finished: %s", String.join(" ", command), output).isTrue();
        assertThat(process.exitValue()).as("%s exited 0: %s", String.join(" ", command), output).isZero();
        return output;
    }
}
