package one.apiin.gateway.cache;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Redis server of the test's own, on a free port, that the test may stop and start again: an outage of the
 * shared local Redis would disturb every other suite.
 */
public class OwnRedis implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Process server;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startServer();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        stopServer();
    }

    static void startServer() {
        try {
            server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--enable-debug-command", "local").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server is needed (scripts/services.sh installs it)", e);
        }
        await().atMost(Duration.ofSeconds(10)).until(OwnRedis::answers);
    }

    static void stopServer() {
        if (server != null) {
            server.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> !answers());
        }
    }

    /** Stalls the whole server for {@code millis} (DEBUG SLEEP): slow, not down, as a loaded Redis is. */
    static void stall(long millis) {
        try {
            new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "DEBUG", "SLEEP",
                    Double.toString(millis / 1000.0)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answers() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
