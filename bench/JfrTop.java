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
 * a frame of that layer anywhere on the stack (inclusive; layers overlap). Usage: java bench/JfrTop.java file.jfr
 */
public class JfrTop {

    static final Map<String, String> LAYERS = new LinkedHashMap<>();
    static {
        LAYERS.put("GraphQL execution (graphql-java, SmallRye GraphQL)", "graphql.|io.smallrye.graphql.");
        LAYERS.put("Hibernate Reactive and ORM", "org.hibernate.");
        LAYERS.put("PostgreSQL client (Vert.x pg)", "io.vertx.pgclient.|io.vertx.sqlclient.");
        LAYERS.put("Redis client", "io.vertx.redis.|io.quarkus.redis.");
        LAYERS.put("REST client to the upstream", "org.jboss.resteasy.reactive.client.|io.quarkus.rest.client.");
        LAYERS.put("The simulator (stand-in upstream, same process)", "one.apiin.gateway.simulator.");
        LAYERS.put("Task tracking (polls, leases)", "one.apiin.gateway.task.tracking.");
        LAYERS.put("Jackson (JSON)", "com.fasterxml.jackson.");
        LAYERS.put("Netty I/O", "io.netty.");
        LAYERS.put("Micrometer and OpenTelemetry", "io.micrometer.|io.opentelemetry.|io.quarkus.opentelemetry.");
        LAYERS.put("Mutiny", "io.smallrye.mutiny.");
        LAYERS.put("Security (auth mechanism, identity)", "io.quarkus.security.|io.quarkus.vertx.http.runtime.security.|one.apiin.gateway.auth.");
    }

    public static void main(String[] args) throws Exception {
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
                for (Map.Entry<String, String> layer : LAYERS.entrySet()) {
                    for (String prefix : layer.getValue().split("\\|")) {
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
        LAYERS.keySet().forEach(layer -> System.out.println(String.format(Locale.ROOT, "| %s | %.1f%% |", layer,
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
