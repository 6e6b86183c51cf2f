package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Node programs run by the test suite (the playground's browser test, the typed frontend example): where Node is
 * missing (scripts/services.sh installs it), or the browser for a browser test, the test is skipped, and says so on
 * the console and in the report.
 */
public final class Node {

    private Node() {
    }

    /** Skips the calling test when {@code node} and {@code npm} cannot be run. */
    public static void require(String what) {
        boolean present = works("node", "--version") && works("npm", "--version");
        if (!present) {
            System.out.println("SKIPPED " + what + ": Node.js is not installed (bash scripts/services.sh installs it)");
        }
        Assumptions.assumeTrue(present, what + " needs Node.js: skipped");
    }

    /** Debian's chromium, or the one CHROMIUM names; skips the calling test when there is none. */
    public static String requireChromium(String what) {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        boolean present = Files.isExecutable(Path.of(chromium));
        if (!present) {
            System.out.println("SKIPPED " + what + ": no Chromium at " + chromium
                    + " (bash scripts/services.sh installs Debian's chromium; CHROMIUM names another)");
        }
        Assumptions.assumeTrue(present, what + " needs Chromium: skipped");
        return chromium;
    }

    /** {@code npm ci} in the folder, unless its node_modules were installed from the lock file as it is now. */
    public static void install(Path folder, Path log) throws Exception {
        Path installed = folder.resolve("node_modules").resolve(".package-lock.json");
        Path lock = folder.resolve("package-lock.json");
        if (Files.exists(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        run(folder, log, Map.of(), 300, "npm", "ci", "--no-audit", "--no-fund");
    }

    /** Runs the command in the folder, its output to the log; fails the test with that output unless it exits 0. */
    public static String run(Path folder, Path log, Map<String, String> environment, long timeoutSeconds,
            String... command) throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("%s finished within %d s (see %s):%n%s", String.join(" ", command), timeoutSeconds,
                log, output).isTrue();
        assertThat(process.exitValue()).as("%s (see %s):%n%s", String.join(" ", command), log, output).isZero();
        return output;
    }

    private static boolean works(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The log file for a run under target/. */
    public static Path log(String name) {
        return new File("target", name).toPath();
    }
}
