import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How late a live subscriber learns that a generation ended, for generations of a fixed time on the built-in
 * simulator (sim:duration), one model per time so that each model learns its own: imagen4-fast 4 s, imagen4 8 s,
 * imagen4-ultra 20 s. Warm-up tasks teach the gateway the times first (not counted); then TASKS tasks per time are
 * created a little apart, each followed over a graphql-transport-ws subscription. Lateness = when the subscriber saw
 * SUCCEEDED - (when the creation was answered + the generation time): the simulator starts the clock a few ms
 * before that answer, so lateness is understated by that much. Polls per task come from the simulator's counters.
 *
 *   java bench/LatenessBench.java http://localhost:18090 [tasks] [label] [durations ms, comma-separated]
 *
 * Shift mode (issue 20), as a replica meets a workload whose generation times change: batches on one model
 * (imagen4-fast), one after the other, with nothing forgotten between them, each reported on its own row:
 *
 *   java bench/LatenessBench.java http://localhost:18090 20 "no callbacks" shift:2000x30,8000x20,20000x20,2000x20
 */
public class LatenessBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String[][] MODELS = { { "4000", "imagen4-fast" }, { "8000", "imagen4" }, { "20000", "imagen4-ultra" } };
    static final java.util.Map<String, List<String>> TRACES = new java.util.concurrent.ConcurrentHashMap<>();
    static final Pattern ID = Pattern.compile("\"id\":\"(tsk_[^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String label = args.length > 2 ? args[2] : "no callbacks";
        String only = args.length > 3 ? args[3] : null;
        String key = "aio_late_" + UUID.randomUUID().toString().replace("-", "");
        if (only != null && only.startsWith("shift:")) {
            shift(base, key, label, only.substring("shift:".length()));
            return;
        }
        System.out.println("| generation | callbacks | tasks | median late (ms) | p90 late (ms) | worst (ms) | polls per task |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String[] entry : MODELS) {
            if (only != null && !only.contains(entry[0])) {
                continue;
            }
            long duration = Long.parseLong(entry[0]);
            String model = entry[1];
            // Warm-up: the gateway learns this model's time (and the JIT the path).
            measure(base, key, model, duration, 5);
            post(base + "/simulator/control/reset", "");
            List<Long> late = measure(base, key, model, duration, tasks);
            long polls = Long.parseLong(get(base + "/simulator/control/stats").replaceAll(".*\"totalPolls\":(\\d+).*", "$1"));
            Collections.sort(late);
            System.out.println(String.format(Locale.ROOT, "| %d s | %s | %d | %d | %d | %d | %.1f |", duration / 1000, label,
                    late.size(), late.get(late.size() / 2), late.get((int) Math.ceil(0.9 * late.size()) - 1),
                    late.get(late.size() - 1), (double) polls / tasks));
        }
    }

    /** Batches of {@code <duration ms>x<tasks>} on imagen4-fast, in order, nothing forgotten between them. */
    static void shift(String base, String key, String label, String batches) throws Exception {
        System.out.println("| batch | generation | after | callbacks | tasks | median late (ms) | p90 late (ms) | worst (ms) | polls per task |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        String after = "start";
        int number = 0;
        for (String batch : batches.split(",")) {
            long duration = Long.parseLong(batch.split("x")[0]);
            int count = Integer.parseInt(batch.split("x")[1]);
            post(base + "/simulator/control/reset", "");
            List<Long> late = measure(base, key, "imagen4-fast", duration, count);
            long polls = Long.parseLong(get(base + "/simulator/control/stats").replaceAll(".*\"totalPolls\":(\\d+).*", "$1"));
            Collections.sort(late);
            System.out.println(String.format(Locale.ROOT, "| %d | %d s | %s | %s | %d | %d | %d | %d | %.1f |", ++number,
                    duration / 1000, after, label, late.size(), late.get(late.size() / 2),
                    late.get((int) Math.ceil(0.9 * late.size()) - 1), late.get(late.size() - 1), (double) polls / count));
            after = duration / 1000 + " s";
        }
    }

    /** Creates {@code count} tasks 150 ms apart, follows each, and returns how late each end was seen. */
    static List<Long> measure(String base, String key, String model, long duration, int count) throws Exception {
        List<CompletableFuture<Long>> lateness = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String prompt = "lateness " + UUID.randomUUID() + " sim:duration=" + duration;
            String answer = post(base + "/graphql", "{\"query\":\"mutation($i: GenerateImageInput!) { generateImage(input: $i) { id } }\","
                    + "\"variables\":{\"i\":{\"prompt\":\"" + prompt + "\",\"model\":\"" + model + "\"}}}", key);
            long answeredAt = System.nanoTime();
            Matcher id = ID.matcher(answer);
            if (!id.find()) {
                throw new IllegalStateException("no task: " + answer);
            }
            ids.add(id.group(1));
            lateness.add(follow(base, key, id.group(1)).thenApply(seenAt -> (seenAt - answeredAt) / 1_000_000 - duration));
            Thread.sleep(150); // spreads the creations, as users would; not a synchronisation
        }
        List<Long> result = new ArrayList<>();
        for (int i = 0; i < lateness.size(); i++) {
            try {
                result.add(lateness.get(i).get(duration + 60_000, TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Which task, and how: what a person needs to look into a subscriber that never saw its end.
                throw new IllegalStateException("task " + ids.get(i) + ": no end seen (" + e + "); the subscriber saw "
                        + TRACES.get(ids.get(i)), e);
            }
        }
        return result;
    }

    /** Subscribes over graphql-transport-ws; completes with System.nanoTime() when SUCCEEDED arrives. */
    static CompletableFuture<Long> follow(String base, String key, String taskId) {
        CompletableFuture<Long> seen = new CompletableFuture<>();
        // What this subscriber went through, told when it never sees its end (opened, acknowledged, messages).
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        TRACES.put(taskId, trace);
        String url = base.replace("http", "ws") + "/graphql";
        HTTP.newWebSocketBuilder().subprotocols("graphql-transport-ws").buildAsync(URI.create(url), new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();
            /**
             * java.net.http allows one send at a time: a send begun before the previous one's future completed fails
             * at once (IllegalStateException). The acknowledgement can arrive before connection_init's own future
             * completes, so the subscribe waits for it (a subscriber that never subscribed was this bench's "missed end").
             */
            volatile CompletableFuture<WebSocket> initSent;

            @Override
            public void onOpen(WebSocket socket) {
                trace.add("open");
                initSent = socket.sendText("{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + key
                        + "\"}}", true);
                socket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (!last) {
                    socket.request(1);
                    return null;
                }
                String message = text.toString();
                text.setLength(0);
                trace.add(message.length() > 200 ? message.substring(0, 200) : message);
                if (message.contains("connection_ack")) {
                    // graphql-transport-ws: subscribe only once acknowledged (one send at a time).
                    return initSent.thenCompose(ready -> ready.sendText("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":"
                            + "{\"query\":\"subscription($id: ID!) { task(id: $id) { status } }\",\"variables\":{\"id\":\""
                            + taskId + "\"}}}", true)).whenComplete((ready, failure) -> {
                                if (failure != null) {
                                    trace.add("subscribe not sent: " + failure);
                                    seen.completeExceptionally(failure);
                                    return;
                                }
                                trace.add("subscribe sent");
                                socket.request(1);
                            });
                }
                if (message.contains("\"type\":\"error\"") || message.contains("\"type\":\"complete\"")) {
                    // An error, or the subscription completed by the server before its end was seen.
                    seen.completeExceptionally(new IllegalStateException(message));
                    return null;
                }
                if (message.contains("SUCCEEDED") || message.contains("FAILED")) {
                    seen.complete(System.nanoTime());
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                    return null;
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                seen.completeExceptionally(new IllegalStateException("closed " + status + " " + reason));
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                seen.completeExceptionally(error);
            }
        }).whenComplete((socket, failure) -> {
            if (failure != null) {
                seen.completeExceptionally(failure);
            }
        });
        return seen;
    }

    static String post(String url, String body) throws Exception {
        return post(url, body, null);
    }

    static String post(String url, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
