import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an async-profiler CPU profile (collapsed stacks, recorded with its {@code threads} option) goes: per thread
 * kind (event loops, workers, the JIT compilers, the garbage collector), per layer (inclusive: the share of samples
 * with a frame of that layer anywhere on the stack; layers overlap) and the hottest frames (self), native and JVM
 * frames included, which JFR's method samples do not see. Layers: bench/layers.tsv (shared with bench/JfrTop.java).
 * Usage, from the repository's root: java bench/CollapsedTop.java file.collapsed
 */
public class CollapsedTop {

    /** Layer name to the fragments (Java packages as paths, native names) a stack must contain: bench/layers.tsv. */
    static Map<String, List<String>> layers() throws IOException {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("bench/layers.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            List<String> fragments = new ArrayList<>();
            for (String prefix : columns[1].split("\\|")) {
                if (!prefix.isEmpty()) {
                    fragments.add(prefix.replace('.', '/'));
                }
            }
            for (String name : columns.length > 2 ? columns[2].split("\\|") : new String[0]) {
                if (!name.isEmpty()) {
                    fragments.add(name);
                }
            }
            layers.put(columns[0], fragments);
        }
        return layers;
    }

    static final Map<String, String> THREADS = new LinkedHashMap<>();
    static {
        THREADS.put("JIT compilers (C1, C2)", "C1 CompilerThread|C2 CompilerThread");
        THREADS.put("garbage collector (G1)", "GC Thread|G1 ");
        THREADS.put("event loops", "vert.x-eventloop-thread");
        THREADS.put("worker threads", "executor-thread|vert.x-worker-thread");
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        Map<String, List<String>> layerFragments = layers();
        long total = 0;
        Map<String, Long> layers = new LinkedHashMap<>();
        Map<String, Long> threads = new LinkedHashMap<>();
        Map<String, Long> self = new HashMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String stack = line.substring(0, space);
            String[] frames = stack.split(";");
            total += samples;
            String thread = frames[0];
            String kind = "other";
            for (Map.Entry<String, String> entry : THREADS.entrySet()) {
                if (matches(thread, entry.getValue())) {
                    kind = entry.getKey();
                    break;
                }
            }
            threads.merge(kind, samples, Long::sum);
            for (Map.Entry<String, List<String>> entry : layerFragments.entrySet()) {
                if (entry.getValue().stream().anyMatch(stack::contains)) {
                    layers.merge(entry.getKey(), samples, Long::sum);
                }
            }
            self.merge(frames[frames.length - 1], samples, Long::sum);
        }
        System.out.println("CPU samples (async-profiler, itimer): " + total);
        System.out.println();
        table("thread", threads, total, threads.size());
        table("layer (inclusive)", layers, total, layers.size());
        Map<String, Long> hottest = new LinkedHashMap<>();
        self.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(25)
                .forEach(e -> hottest.put("`" + e.getKey() + "`", e.getValue()));
        table("hottest frames (self)", hottest, total, 25);
    }

    static boolean matches(String text, String alternatives) {
        for (String part : alternatives.split("\\|")) {
            if (text.contains(part)) {
                return true;
            }
        }
        return false;
    }

    static void table(String heading, Map<String, Long> counts, long total, int limit) {
        System.out.println("| " + heading + " | share of samples |");
        System.out.println("|---|---|");
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(limit)
                .forEach(e -> System.out.println(String.format(Locale.ROOT, "| %s | %.1f%% |", e.getKey(),
                        100.0 * e.getValue() / Math.max(1, total))));
        System.out.println();
    }
}
