import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * One HTTP client per simulated client, so one connection each, as each browser or app instance has its own
     * (one client shared by all made the JDK multiplex every request over one HTTP/2 connection: one event loop of
     * the server's served a whole run). HTTP/1.1 keep-alive, as browsers speak to a cleartext address (they never
     * upgrade to h2c) and as the peer is measured.
     */
    static final int MAX_CLIENTS = 64;
    static final List<HttpClient> CLIENTS = java.util.stream.IntStream.range(0, MAX_CLIENTS)
            .mapToObj(i -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build())
            .toList();
    /** The client of the worker running on this thread; the first one outside a run. */
    static final ThreadLocal<HttpClient> HTTP_CLIENT = ThreadLocal.withInitial(() -> CLIENTS.get(0));
    /** The peer (Portkey's AI gateway, bench/portkey), forwarding the same creates to the same stand-in: -Dbench.portkey=URL. */
    static final String PORTKEY = System.getProperty("bench.portkey");
    static final String MUTATION = "mutation($input: GenerateImageInput!) { generateImage(input: $input) { id status cached } }";

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        // Each measured run lasts this long (a fixed number of requests made the fast kinds' runs last about a second,
        // where one pause of the JIT or the collector moved the figure by a third).
        double runSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int[] concurrencies = { 1, 16, 64 };
        String key = "aio_bench_" + UUID.randomUUID().toString().replace("-", "");
        if (args.length > 4) {
            // Load only, for a profile (bench/profile.sh): one kind at a number of clients for warmupSeconds.
            load(base, key, args[3], Integer.parseInt(args[4]), warmupSeconds);
            return;
        }

        String hitPrompt = "bench hit " + UUID.randomUUID();
        prime(base, key, hitPrompt);
        // The JIT keeps improving throughput for about a minute: every kind runs unmeasured first.
        long warmUntil = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        int round = 0;
        while (System.nanoTime() < warmUntil) {
            String prefix = "bench warm " + UUID.randomUUID() + " ";
            runCount(base, key, "models", 16, 500, bodies("models", hitPrompt, prefix));
            runCount(base, key, "hit", 16, 500, bodies("hit", hitPrompt, prefix));
            runCount(base, key, "upstream", 16, 200, bodies("upstream", hitPrompt, prefix));
            if (PORTKEY != null) {
                runCount(base, key, "portkey", 16, 200, bodies("portkey", hitPrompt, prefix));
            }
            runCount(base, key, "miss", 16, 200, bodies("miss", hitPrompt, prefix));
            runCount(base, key, "apiinone-miss", 16, 200, bodies("apiinone-miss", hitPrompt, prefix));
            runCount(base, key, "openai-miss", 16, 32, bodies("openai-miss", hitPrompt, prefix));
            round++;
        }
        System.out.println("warm-up: " + warmupSeconds + " s (" + round + " rounds of every kind)");
        System.out.println();
        System.out.println("| kind | clients | requests | failures | throughput (req/s) | p50 (ms) | p99 (ms) |");
        System.out.println("|---|---|---|---|---|---|---|");
        java.util.Map<String, Result> results = new java.util.LinkedHashMap<>();
        for (int clients : concurrencies) {
            results.put("models" + clients, print("models (baseline of hit)", clients,
                    runFor(base, key, "models", clients, runSeconds, bodies("models", hitPrompt, null))));
            results.put("hit" + clients, print("hit", clients,
                    runFor(base, key, "hit", clients, runSeconds, bodies("hit", hitPrompt, null))));
        }
        for (int clients : concurrencies) {
            String prefix = "bench miss " + UUID.randomUUID() + " ";
            results.put("upstream" + clients, print("upstream alone (baseline of miss)", clients,
                    runFor(base, key, "upstream", clients, runSeconds, bodies("upstream", hitPrompt, prefix))));
            if (PORTKEY != null) {
                results.put("portkey" + clients, print("Portkey forwarding to the upstream (peer)", clients,
                        runFor(base, key, "portkey", clients, runSeconds, bodies("portkey", hitPrompt, prefix))));
            }
            results.put("miss" + clients, print("miss", clients,
                    runFor(base, key, "miss", clients, runSeconds, bodies("miss", hitPrompt, prefix))));
            // The same miss through the REST doors (issue 24): API in One's answers at once, as the mutation does;
            // OpenAI's answers when the generation has ended, so its latency is the generation's.
            results.put("apiinonemiss" + clients, print("miss via API in One's REST (POST /api/v1/images/generations)",
                    clients, runFor(base, key, "apiinone-miss", clients, runSeconds,
                            bodies("apiinone-miss", hitPrompt, prefix))));
            results.put("openaimiss" + clients, print("miss via OpenAI's images API (answered at the end)", clients,
                    runFor(base, key, "openai-miss", clients, runSeconds, bodies("openai-miss", hitPrompt, prefix))));
        }
        System.out.println();
        System.out.println("CPU time per request, in ms (all processes of each kind, /proc; the gateway's JIT compiler and GC threads"
                + " apart; a miss includes the polls and"
                + " the completion of its generation, measured until " + MISS_SETTLE_SECONDS + " s after its run):");
        System.out.println();
        System.out.println("| kind | clients | gateway | of which JIT compiler | of which GC | PostgreSQL | Redis |"
                + " load generator | whole machine |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        results.forEach((name, result) -> System.out.println(String.format(Locale.ROOT,
                "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", name.replaceAll("[0-9]+$", ""),
                name.replaceAll("^[a-z]+", ""), result.cpuMs(0), result.cpuMs(5), result.cpuMs(6), result.cpuMs(1),
                result.cpuMs(2), result.cpuMs(3), result.cpuMs(4))));
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "hit / models at 64 clients: %.2f (target >= 0.5)",
                results.get("hit64").throughput() / results.get("models64").throughput()));
        System.out.println(String.format(Locale.ROOT, "miss / upstream alone at 64 clients: %.2f (target >= 0.5)",
                results.get("miss64").throughput() / results.get("upstream64").throughput()));
        System.out.println(String.format(Locale.ROOT, "one client, miss over upstream alone: %+.1f ms p50, %+.1f ms p99",
                (results.get("miss1").p(50) - results.get("upstream1").p(50)) / 1000.0,
                (results.get("miss1").p(99) - results.get("upstream1").p(99)) / 1000.0));
        if (PORTKEY != null) {
            System.out.println(String.format(Locale.ROOT, "one client, Portkey over upstream alone: %+.1f ms p50, %+.1f ms p99"
                    + " (target: the miss's p50 <= this + 0.5)",
                    (results.get("portkey1").p(50) - results.get("upstream1").p(50)) / 1000.0,
                    (results.get("portkey1").p(99) - results.get("upstream1").p(99)) / 1000.0));
            System.out.println(String.format(Locale.ROOT, "miss / Portkey at 64 clients: %.2f (target >= 1); Portkey / upstream"
                    + " alone: %.2f", results.get("miss64").throughput() / results.get("portkey64").throughput(),
                    results.get("portkey64").throughput() / results.get("upstream64").throughput()));
        }
        System.out.println(String.format(Locale.ROOT, "API in One's REST miss / mutation miss at 64 clients: %.2f;"
                + " one client: %+.1f ms p50", results.get("apiinonemiss64").throughput()
                        / results.get("miss64").throughput(),
                (results.get("apiinonemiss1").p(50) - results.get("miss1").p(50)) / 1000.0));
    }

    /** Runs one kind ("miss" or "hit") at {@code clients} for {@code seconds}, printing the throughput every 10 s. */
    static void load(String base, String key, String kind, int clients, int seconds) throws Exception {
        String hitPrompt = "bench hit " + UUID.randomUUID();
        if (kind.equals("hit")) {
            prime(base, key, hitPrompt);
        }
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            String prefix = "bench load " + UUID.randomUUID() + " ";
            Result result = runCount(base, key, kind, clients, kind.equals("hit") ? 5000 : 1500,
                    bodies(kind, hitPrompt, prefix));
            System.out.println(String.format(Locale.ROOT, "%s at %d clients: %.0f req/s, p50 %.1f ms, %d failures", kind,
                    clients, result.throughput(), result.p(50) / 1000.0, result.failures()));
        }
    }

    static final String MODELS = "{\"query\":\"{ models { id creditsPerImage } }\"}";

    /**
     * The i-th request body of a kind: the same cached prompt for every hit, a prompt of its own for every miss and
     * every call to the upstream alone (under {@code prefix}).
     */
    static Body bodies(String kind, String hitPrompt, String prefix) {
        switch (kind) {
            case "models":
                return i -> MODELS;
            case "hit":
                return i -> body(hitPrompt, 42);
            case "upstream":
                return i -> upstreamBody(prefix + "up " + i);
            case "portkey":
                // OpenAI's image fields, which Portkey's openai provider forwards (it drops the others).
                return i -> "{\"model\":\"imagen4-fast\",\"prompt\":\"" + prefix + "peer " + i
                        + " sim:createDelay=30\",\"n\":1}";
            case "miss":
                return i -> body(prefix + i, 42);
            case "apiinone-miss":
                return i -> upstreamBody(prefix + "aio " + i);
            case "openai-miss":
                return i -> "{\"model\":\"imagen4-fast\",\"prompt\":\"" + prefix + "openai " + i
                        + " sim:createDelay=30\",\"n\":1,\"size\":\"1024x1024\",\"seed\":42}";
            default:
                throw new IllegalArgumentException("no kind " + kind);
        }
    }

    /** The stand-in upstream's own create call (the simulator in this process, 30 ms to answer). */
    static String upstreamBody(String prompt) {
        return "{\"model\":\"imagen4-fast\",\"prompt\":\"" + prompt + " sim:createDelay=30\",\"num_images\":1,"
                + "\"aspect_ratio\":\"1:1\",\"seed\":42}";
    }

    interface Body {
        String of(int i);
    }

    record Result(int requests, int failures, double seconds, List<Long> latenciesMicros, long[] cpuTicks) {
        double throughput() {
            return requests / seconds;
        }

        /** CPU ms per request of one kind of process (see {@link Cpu}). */
        double cpuMs(int which) {
            return cpuTicks[which] * 1000.0 / Cpu.HZ / requests;
        }

        long p(int percentile) {
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            return percentile(sorted, percentile);
        }
    }

    static String body(String prompt, int seed) {
        return "{\"query\":\"" + MUTATION.replace("\"", "\\\"") + "\",\"variables\":{\"input\":{\"prompt\":\""
                + prompt + " sim:createDelay=30\",\"model\":\"imagen4-fast\",\"seed\":" + seed + "}}}";
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

    /** Runs one kind at {@code clients} for {@code seconds}. */
    static Result runFor(String base, String key, String kind, int clients, double seconds, Body body)
            throws Exception {
        return run(base, key, kind, clients, Integer.MAX_VALUE, seconds, body);
    }

    /** Runs one kind at {@code clients} until {@code requests} were made. */
    static Result runCount(String base, String key, String kind, int clients, int requests, Body body)
            throws Exception {
        return run(base, key, kind, clients, requests, Double.MAX_VALUE, body);
    }

    static Result run(String base, String key, String kind, int clients, int requests, double maxSeconds, Body body)
            throws Exception {
        long[] cpuBefore = Cpu.sample();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long deadline = maxSeconds == Double.MAX_VALUE ? Long.MAX_VALUE : start + (long) (maxSeconds * 1e9);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            HttpClient client = CLIENTS.get(c % MAX_CLIENTS);
            workers.add(pool.submit(() -> {
                HTTP_CLIENT.set(client);
                for (int i = next.getAndIncrement(); i < requests && System.nanoTime() < deadline;
                        i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        boolean ok;
                        if (kind.equals("upstream")) {
                            String answer = sendTo(base + "/simulator/api/v1/images/generations", key, body.of(i));
                            ok = answer.contains("task_id");
                        } else if (kind.equals("portkey")) {
                            // HTTP/1.1 (as every kind): the JDK's h2c upgrade headers (Connection: Upgrade,
                            // HTTP2-Settings) are forwarded by Portkey, whose fetch then refuses them.
                            HttpRequest request = HttpRequest.newBuilder(URI.create(PORTKEY + "/v1/images/generations"))
                                    .version(HttpClient.Version.HTTP_1_1).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                                    .header("x-portkey-provider", "openai")
                                    .header("x-portkey-custom-host", base.replace("localhost", "127.0.0.1") + "/simulator/api/v1")
                                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.of(i)))
                                    .build();
                            ok = HTTP_CLIENT.get().send(request, HttpResponse.BodyHandlers.ofString()).body().contains("task_id");
                        } else if (kind.equals("apiinone-miss")) {
                            String answer = sendTo(base + "/api/v1/images/generations", key, body.of(i));
                            ok = answer.contains("\"task_id\"") && answer.contains("\"cached\":false");
                        } else if (kind.equals("openai-miss")) {
                            String answer = sendTo(base + "/v1/images/generations", key, body.of(i));
                            ok = answer.contains("\"data\"") && answer.contains("\"url\"");
                        } else {
                            String answer = send(base, key, body.of(i));
                            ok = !answer.contains("\"errors\"") && (kind.equals("models")
                                    ? answer.contains("imagen4")
                                    : answer.contains(kind.equals("hit") ? "\"cached\":true" : "\"cached\":false"));
                        }
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
        if (kind.endsWith("miss")) {
            // The work a miss causes goes on after its answer: polls, then its completion (2 s generations).
            Thread.sleep(MISS_SETTLE_SECONDS * 1000L);
        }
        return new Result(latencies.size(), failures.get(), seconds, latencies, Cpu.since(cpuBefore));
    }

    static String send(String base, String key, String json) throws Exception {
        return sendTo(base + "/graphql", key, json);
    }

    static String sendTo(String url, String key, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP_CLIENT.get().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    static Result print(String kind, int clients, Result result) {
        List<Long> sorted = new ArrayList<>(result.latenciesMicros());
        Collections.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.1f | %.1f |", kind, clients,
                result.requests(), result.failures(), result.requests() / result.seconds(),
                percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0));
        return result;
    }

    static final int MISS_SETTLE_SECONDS = 3;

    /**
     * CPU time, in clock ticks, of the gateway (pid in -Dbench.gateway.pid), PostgreSQL and Redis (every process
     * named so), this load generator, and the whole machine (non-idle time of /proc/stat), from /proc.
     */
    static final class Cpu {
        static final int HZ = 100; // USER_HZ on Linux

        static long[] sample() {
            long gateway = ticks(Long.getLong("bench.gateway.pid", -1L));
            long postgres = 0;
            long redis = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path dir : (Iterable<Path>) processes::iterator) {
                    String name = dir.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String comm = read(dir.resolve("comm")).trim();
                    if (comm.startsWith("postgres")) {
                        postgres += ticks(Long.parseLong(name));
                    } else if (comm.startsWith("redis-server")) {
                        redis += ticks(Long.parseLong(name));
                    }
                }
            } catch (Exception e) {
                return new long[7];
            }
            long self = ticks(ProcessHandle.current().pid());
            String[] cpu = read(Path.of("/proc/stat")).lines().findFirst().orElse("cpu").trim().split("\\s+");
            long machine = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    machine += Long.parseLong(cpu[i]);
                }
            }
            long jit = 0;
            long gc = 0;
            try (var threads = Files.list(Path.of("/proc/" + Long.getLong("bench.gateway.pid", -1L) + "/task"))) {
                for (Path thread : (Iterable<Path>) threads::iterator) {
                    String comm = read(thread.resolve("comm")).trim();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        jit += ticks(thread.resolve("stat"));
                    } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                        gc += ticks(thread.resolve("stat"));
                    }
                }
            } catch (Exception e) {
                // no gateway pid given: no split
            }
            return new long[] { gateway, postgres, redis, self, machine, jit, gc };
        }

        static long[] since(long[] before) {
            long[] now = sample();
            long[] delta = new long[now.length];
            for (int i = 0; i < now.length; i++) {
                delta[i] = now[i] - before[i];
            }
            return delta;
        }

        /** utime + stime of a process (0 when it is gone). */
        static long ticks(long pid) {
            return ticks(Path.of("/proc/" + pid + "/stat"));
        }

        /** utime + stime from a stat file of /proc (a process's or a thread's). */
        static long ticks(Path statFile) {
            String stat = read(statFile);
            int end = stat.lastIndexOf(')');
            if (end < 0) {
                return 0;
            }
            String[] fields = stat.substring(end + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        static String read(Path path) {
            try {
                return Files.readString(path);
            } catch (Exception e) {
                return "";
            }
        }
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
