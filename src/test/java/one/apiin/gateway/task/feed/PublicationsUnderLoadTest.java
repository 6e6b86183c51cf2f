package one.apiin.gateway.task.feed;

import static one.apiin.gateway.support.Generations.concurrently;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 20, item 3: a burst of generations on a replica whose Redis pool is far too small for it (4 connections, one of
 * them the replica's subscriber connection, and no waiting queue: every command beyond three at once is refused, as a pool
 * overflowing under 64 clients refused them).
 * Every task's final change must still be published for the other replicas (a raw subscriber here, on a connection
 * of its own, stands for them): a refused publication is tried again, not dropped.
 */
@QuarkusTest
@TestProfile(PublicationsUnderLoadTest.TinyRedisPool.class)
class PublicationsUnderLoadTest {

    public static class TinyRedisPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.max-pool-size", "4", "quarkus.redis.max-pool-waiting", "0");
        }
    }

    private static final Pattern SUCCEEDED = Pattern.compile("\"id\":\"(tsk_[^\"]+)\".*\"status\":\"SUCCEEDED\"");

    @Test
    void everyEndIsPublishedThoughTheRedisPoolOverflows() throws Exception {
        String channel = ConfigProvider.getConfig().getValue("gateway.feed.channel", String.class);
        Set<String> publishedEnds = ConcurrentHashMap.newKeySet();
        try (Socket redis = subscribe(channel + ":task:*", publishedEnds)) {
            String key = newKey();
            String burst = UUID.randomUUID().toString();
            List<String> ids = concurrently(32, () -> generate(key, input("prompt", "burst " + burst + " "
                    + UUID.randomUUID()))).stream().map(answer -> answer.getString("data.generateImage.id")).toList();
            ids.forEach(id -> assertThat(awaitEnd(key, id).getString("data.task.status")).isEqualTo("SUCCEEDED"));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(publishedEnds).containsAll(ids));
        }
    }

    /** A raw RESP connection subscribed to the pattern, outside the gateway's pool; collects the ended task ids. */
    private static Socket subscribe(String pattern, Set<String> ended) throws IOException {
        URI hosts = URI.create(ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class).split(",")[0]);
        Socket socket = new Socket(hosts.getHost(), hosts.getPort() > 0 ? hosts.getPort() : 6379);
        OutputStream out = socket.getOutputStream();
        byte[] command = ("*2\r\n$10\r\nPSUBSCRIBE\r\n$" + pattern.getBytes(StandardCharsets.UTF_8).length + "\r\n" + pattern
                + "\r\n").getBytes(StandardCharsets.UTF_8);
        out.write(command);
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher end = SUCCEEDED.matcher(line);
                    if (end.find()) {
                        ended.add(end.group(1));
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "test-redis-subscriber");
        reader.setDaemon(true);
        reader.start();
        return socket;
    }
}
