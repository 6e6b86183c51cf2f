import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an async-profiler CPU profile (collapsed stacks, recorded with its {@code threads} option) goes: per thread
 * kind (event loops, workers, the JIT compilers, the garbage collector), per layer (inclusive: the share of samples
 * with a frame of that layer anywhere on the stack; layers overlap) and the hottest frames (self), native and JVM
 * frames included, which JFR's method samples do not see. Usage: java bench/CollapsedTop.java file.collapsed
 */
public class CollapsedTop {

    static final Map<String, String> LAYERS = new LinkedHashMap<>();
    static {
        LAYERS.put("GraphQL execution (graphql-java, SmallRye GraphQL)", "graphql/|io/smallrye/graphql/");
        LAYERS.put("Hibernate Reactive and ORM", "org/hibernate/");
        LAYERS.put("PostgreSQL client (Vert.x pg)", "io/vertx/pgclient/|io/vertx/sqlclient/");
        LAYERS.put("Redis client", "io/vertx/redis/|io/quarkus/redis/");
        LAYERS.put("REST client to the upstream", "org/jboss/resteasy/reactive/client/|io/quarkus/rest/client/");
        LAYERS.put("The simulator (stand-in upstream, same process)", "one/apiin/gateway/simulator/");
        LAYERS.put("Images kept (mirror, store)", "one/apiin/gateway/images/");
        LAYERS.put("Task tracking (polls, leases)", "one/apiin/gateway/task/tracking/");
        LAYERS.put("zlib (PNG deflate, compression)", "libz.so|adler32|deflate");
        LAYERS.put("Jackson (JSON)", "com/fasterxml/jackson/");
        LAYERS.put("Netty I/O", "io/netty/");
        LAYERS.put("Mutiny", "io/smallrye/mutiny/");
        LAYERS.put("Context propagation (SmallRye)", "io/smallrye/context/");
        LAYERS.put("Micrometer and OpenTelemetry", "io/micrometer/|io/opentelemetry/|io/quarkus/opentelemetry/");
        LAYERS.put("Security (auth mechanism, identity)", "io/quarkus/security/|io/quarkus/vertx/http/runtime/security/");
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
            for (Map.Entry<String, String> entry : LAYERS.entrySet()) {
                if (matches(stack, entry.getValue())) {
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
