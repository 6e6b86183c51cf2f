package one.apiin.gateway.task;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import one.apiin.gateway.support.Management;

/**
 * Clients that vanish without closing: raw sockets that subscribe, then never read or answer a ping again and
 * never close. The server must release every one of their subscriptions by itself.
 */
@QuarkusTest
@TestProfile(VanishedClientsTest.QuickReaper.class)
class VanishedClientsTest {

    static final int CLIENTS = 20;

    public static class QuickReaper implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.websocket.read-idle-timeout", "2s");
        }
    }

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void silentSubscribersAreReleased() throws IOException {
        String key = newKey();
        String id = generate(key, "a long one sim:duration=60000");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                sockets.add(subscribe(key, id));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> openSubscriptions() == CLIENTS);

            // From here on the sockets are neither read nor closed: the clients have vanished.
            await().atMost(Duration.ofSeconds(15)).until(() -> openSubscriptions() == 0);
            assertThat(openSubscriptions()).isZero();
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    static int openSubscriptions() {
        return given().get(Management.url("/q/health/ready")).then().extract().jsonPath()
                .getInt("checks.find { it.name == 'gateway' }.data.openSubscriptions");
    }

    private Socket subscribe(String key, String taskId) throws IOException {
        Socket socket = new Socket(graphql.getHost(), graphql.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("GET /graphql HTTP/1.1\r\nHost: " + graphql.getHost() + ":" + graphql.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(randomBytes(16)) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n"
                + "Authorization: Bearer " + key + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
        sendText(out, "{\"type\":\"connection_init\"}");
        sendText(out, """
                {"id":"1","type":"subscribe","payload":{"query":"subscription { task(id: \\"%s\\") { status } }"}}
                """.formatted(taskId).strip());
        return socket;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        return head.toString();
    }

    /** One masked text frame, as RFC 6455 requires of clients. */
    private static void sendText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = randomBytes(4);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
