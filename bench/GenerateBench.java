import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * generateImage throughput and latency against a running gateway, for cache hits and cache misses, at several
 * client concurrencies. Run by bench/run.sh; usable alone: java bench/GenerateBench.java http://localhost:8080
 * Each request is a real GraphQL POST; a response with errors counts as a failure and is reported.
 */
public class GenerateBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String MUTATION = "mutation($input: GenerateImageInput!) { generateImage(input: $input) { id status cached } }";

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int requestsPerRun = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int[] concurrencies = { 1, 16, 64 };
        String key = "aio_bench_" + UUID.randomUUID().toString().replace("-", "");

        String hitPrompt = "bench hit " + UUID.randomUUID();
        prime(base, key, hitPrompt);
        System.out.println("| kind | clients | requests | failures | throughput (req/s) | p50 (ms) | p99 (ms) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int clients : concurrencies) {
            run(base, key, "hit", clients, requestsPerRun / 4, i -> body(hitPrompt, 42)); // warm-up
            print("hit", clients, run(base, key, "hit", clients, requestsPerRun, i -> body(hitPrompt, 42)));
        }
        for (int clients : concurrencies) {
            String prefix = "bench miss " + UUID.randomUUID() + " ";
            int misses = Math.max(200, requestsPerRun / 4);
            print("miss", clients, run(base, key, "miss", clients, misses, i -> body(prefix + i, 42)));
        }
    }

    interface Body {
        String of(int i);
    }

    record Result(int requests, int failures, double seconds, List<Long> latenciesMicros) {
    }

    static String body(String prompt, int seed) {
        return "{\"query\":\"" + MUTATION.replace("\"", "\\\"") + "\",\"variables\":{\"input\":{\"prompt\":\""
                + prompt + "\",\"model\":\"imagen4-fast\",\"seed\":" + seed + "}}}";
    }

    static void prime(String base, String key, String prompt) throws Exception {
        String answer = send(base, key, body(prompt, 42));
        String id = answer.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String query = "{\"query\":\"query($id: ID!) { task(id: $id) { status } }\",\"variables\":{\"id\":\"" + id + "\"}}";
        for (int i = 0; i < 600; i++) {
            if (send(base, key, query).contains("SUCCEEDED")) {
                return;
            }
            Thread.sleep(100); // a harness waiting for a server, not a test: nothing to synchronise with
        }
        throw new IllegalStateException("the primed task did not succeed");
    }

    static Result run(String base, String key, String kind, int clients, int requests, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        String answer = send(base, key, body.of(i));
                        boolean ok = !answer.contains("\"errors\"")
                                && answer.contains(kind.equals("hit") ? "\"cached\":true" : "\"cached\":false");
                        if (!ok) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies.add((System.nanoTime() - t0) / 1000);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(requests, failures.get(), seconds, latencies);
    }

    static String send(String base, String key, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    static void print(String kind, int clients, Result result) {
        List<Long> sorted = new ArrayList<>(result.latenciesMicros());
        Collections.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.1f | %.1f |", kind, clients,
                result.requests(), result.failures(), result.requests() / result.seconds(),
                percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0));
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
