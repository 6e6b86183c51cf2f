package one.apiin.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** No package of the gateway depends on another that depends back on it, however long the loop. */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    /** Any reference to a gateway class: imports, static imports and qualified names in code alike. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(one\\.apiin\\.gateway(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void packagesDependOnEachOtherWithoutLoops() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        assertThat(graph).as("packages read").hasSizeGreaterThan(10);
        List<String> loops = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> loop = loopThrough(start, graph);
            if (loop != null) {
                loops.add(String.join(" -> ", loop));
            }
        }
        assertThat(loops).as("package loops").isEmpty();
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    continue;
                }
                String pkg = declared.group(1);
                Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source);
                while (reference.find()) {
                    if (!reference.group(1).equals(pkg)) {
                        uses.add(reference.group(1));
                    }
                }
            }
        }
        return graph;
    }

    /** A path from {@code start} back to itself, or null (depth-first, each package visited once). */
    private static List<String> loopThrough(String start, Map<String, Set<String>> graph) {
        return search(start, start, graph, new ArrayList<>(List.of(start)), new TreeSet<>());
    }

    private static List<String> search(String start, String at, Map<String, Set<String>> graph, List<String> path,
            Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> loop = new ArrayList<>(path);
                loop.add(start);
                return loop;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = search(start, next, graph, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
