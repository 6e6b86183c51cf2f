package one.apiin.gateway.graphql.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** What a websocket's upgrade keeps of a browser's headers for the connection's life: only what the gateway reads. */
class UpgradeHeadersTest {

    /** What every websocket upgrade sends. */
    private static MultiMap upgrade() {
        return MultiMap.caseInsensitiveMultiMap()
                .add("Host", "gateway.example").add("Connection", "Upgrade").add("Upgrade", "websocket")
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").add("Sec-WebSocket-Version", "13")
                .add("Sec-WebSocket-Protocol", "graphql-transport-ws")
                .add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
    }

    @Test
    void aBrowsersUnreadHeadersAndCookiesAreNotKeptWhatTheGatewayReadsIs() {
        MultiMap headers = upgrade()
                .add("Origin", "https://app.example").add("Authorization", "Bearer aio_x")
                .add("X-Forwarded-Host", "api.example").add("X-Forwarded-Proto", "https")
                .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .add("Idempotency-Key", "k1")
                .add("cookie", "session=secret-of-another-service").add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)")
                .add("Accept-Language", "en-US,en;q=0.9").add("Accept-Encoding", "gzip, deflate, br, zstd")
                .add("Cache-Control", "no-cache").add("Pragma", "no-cache").add("sec-ch-ua", "\"Chromium\";v=\"156\"")
                .add("Sec-Fetch-Mode", "websocket").add("Sec-Fetch-Site", "cross-site");

        WebsocketUpgradeGuard.forgetUnread(headers);

        assertThat(headers.names()).containsExactlyInAnyOrder("Host", "Connection", "Upgrade", "Sec-WebSocket-Key",
                "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Origin",
                "Authorization", "X-Forwarded-Host", "X-Forwarded-Proto", "traceparent", "Idempotency-Key");
    }

    @Test
    void onceTheWebsocketIsOpenTheHandshakesHeadersAndTheUnsentResponseHeadersGo() {
        MultiMap request = upgrade()
                .add("Origin", "https://app.example").add("X-Forwarded-Host", "api.example")
                .add("X-Forwarded-Proto", "https").add("Authorization", "Bearer aio_x");
        MultiMap response = MultiMap.caseInsensitiveMultiMap().add("X-Content-Type-Options", "nosniff")
                .add("Vary", "Origin");

        WebsocketUpgradeGuard.forgetHandshake(request, response);

        // What image URLs are built from (Host, X-Forwarded-*) stays; so does what identifies the caller.
        assertThat(request.names()).containsExactlyInAnyOrder("Host", "Sec-WebSocket-Protocol", "X-Forwarded-Host",
                "X-Forwarded-Proto", "Authorization");
        assertThat(response.isEmpty()).isTrue();
    }

    @Test
    void smallRyesCopyOfTheHeadersLosesTheHandshakesWhateverTheirCase() {
        java.util.Map<String, java.util.List<String>> copy = new java.util.HashMap<>();
        copy.put("host", java.util.List.of("gateway.example"));
        copy.put("sec-websocket-key", java.util.List.of("dGhlIHNhbXBsZSBub25jZQ=="));
        copy.put("Connection", java.util.List.of("Upgrade"));
        copy.put("upgrade", java.util.List.of("websocket"));
        copy.put("X-Forwarded-Host", java.util.List.of("api.example"));

        WebsocketUpgradeGuard.forgetHandshake(copy);
        WebsocketUpgradeGuard.forgetHandshake(null);

        assertThat(copy).containsOnlyKeys("host", "X-Forwarded-Host");
    }
}
