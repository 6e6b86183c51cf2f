package one.apiin.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An upstream that drops every connection attempt, as a firewall that drops packets does: a loopback listener that
 * never accepts, its backlog filled, so that Linux answers no further SYN and connects hang until they time out. The
 * gateway's upstream URL points at it. Loopback only: nothing leaves the machine.
 */
public class SilentUpstream implements QuarkusTestResourceLifecycleManager {

    private static final int MAX_FILLERS = 16;

    private ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            fill();
            return Map.of("gateway.upstream.url", "http://127.0.0.1:" + listener.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects until one hangs: the accept queue is then full, and stays full since nothing accepts. */
    private void fill() throws IOException {
        for (int i = 0; i < MAX_FILLERS; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 300);
                fillers.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return;
            }
        }
        throw new IllegalStateException("Connects to a listener that never accepts do not hang here");
    }

    @Override
    public void stop() {
        for (Socket socket : fillers) {
            close(socket);
        }
        close(listener);
    }

    private static void close(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // Nothing to do at the end of a test run.
        }
    }
}
