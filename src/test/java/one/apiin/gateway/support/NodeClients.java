package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import io.restassured.path.json.JsonPath;

/**
 * The Node.js clients in {@code src/test/node/dialects} (the official {@code openai} SDK, the {@code standardwebhooks}
 * library), run as their users run them: tests that need them are skipped, saying why, where there is no Node.js.
 * Their packages are installed from the committed package-lock.json on first use.
 */
public final class NodeClients {

    private static final Path DIR = Path.of("src/test/node/dialects");
    private static Boolean available;

    private NodeClients() {
    }

    /** Skips the calling test, with a message, when Node.js is missing; installs the packages once. */
    public static synchronized void assumeAvailable() {
        if (available == null) {
            available = works("node", "--version");
        }
        Assumptions.assumeTrue(available, "Node.js (node) is not on PATH: the tests through the official OpenAI SDK"
                + " and the Standard Webhooks library are skipped");
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            assertThat(works("npm", "ci", "--no-audit", "--no-fund")).as("npm ci in " + DIR).isTrue();
        }
    }

    /** Runs a script with the environment and standard input given; its standard output, parsed as JSON. */
    public static JsonPath run(String script, Map<String, String> environment, String input) {
        try {
            ProcessBuilder builder = new ProcessBuilder("node", script).directory(DIR.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            process.getOutputStream().write((input == null ? "" : input).getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(script + " ended").isTrue();
            String output = out.join();
            assertThat(output).as(script + " printed nothing; its errors: " + err.join()).isNotBlank();
            return JsonPath.from(output);
        } catch (IOException e) {
            throw new AssertionError("node " + script + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean works(String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(5, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
