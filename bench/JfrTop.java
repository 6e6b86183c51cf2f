import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples go: the hottest methods (self) and, per layer, the share of samples with
 * a frame of that layer anywhere on the stack (inclusive; layers overlap; bench/layers.tsv). Usage, from the
 * repository's root: java bench/JfrTop.java file.jfr
 */
public class JfrTop {

    /** Layer name to the Java package prefixes of its frames: bench/layers.tsv (shared with bench/CollapsedTop.java). */
    static Map<String, List<String>> layers() throws java.io.IOException {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        for (String line : java.nio.file.Files.readAllLines(Path.of("bench/layers.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (!columns[1].isEmpty()) {
                layers.put(columns[0], List.of(columns[1].split("\\|")));
            }
        }
        return layers;
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> layers = layers();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            RecordedFrame top = frames.get(0);
            self.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("-?\\d+$", "-N"), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod().getType().getName();
                for (Map.Entry<String, List<String>> layer : layers.entrySet()) {
                    for (String prefix : layer.getValue()) {
                        if (type.startsWith(prefix) && seen.add(layer.getKey())) {
                            inclusive.merge(layer.getKey(), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        final int samples = total;
        System.out.println("CPU samples: " + samples);
        System.out.println();
        System.out.println("| layer (inclusive) | share of samples |");
        System.out.println("|---|---|");
        layers.keySet().forEach(layer -> System.out.println(String.format(Locale.ROOT, "| %s | %.1f%% |", layer,
                100.0 * inclusive.getOrDefault(layer, 0) / samples)));
        System.out.println();
        System.out.println("| thread | share of samples |");
        System.out.println("|---|---|");
        threads.entrySet().stream().sorted(Map.Entry.<String, Integer> comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.println(String.format(Locale.ROOT, "| %s | %.1f%% |", e.getKey(),
                        100.0 * e.getValue() / samples)));
        System.out.println();
        System.out.println("| hottest methods (self) | share of samples |");
        System.out.println("|---|---|");
        self.entrySet().stream().sorted(Map.Entry.<String, Integer> comparingByValue().reversed()).limit(20)
                .forEach(e -> System.out.println(String.format(Locale.ROOT, "| `%s` | %.1f%% |", e.getKey(),
                        100.0 * e.getValue() / samples)));
    }
}
