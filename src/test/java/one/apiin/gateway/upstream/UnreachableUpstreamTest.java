package one.apiin.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import one.apiin.gateway.error.UpstreamUnavailableException;

/**
 * An upstream nobody listens on: a status call fails as UPSTREAM_UNAVAILABLE, the failure the tracker rides out
 * until its deadline, and a creation call is known to have created nothing. (Inside a running Quarkus, which the REST client
 * needs; the address is a closed port.)
 */
@QuarkusTest
class UnreachableUpstreamTest {

    @Test
    void networkErrorsAreUpstreamUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ApiInOneClient client = new ApiInOneClient(new ApiInOneClientTest.Config("http://127.0.0.1:" + closedPort,
                Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofSeconds(1)));

        assertThatThrownBy(() -> client.status("aio_test", "task_1").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(UpstreamUnavailableException.class);
        // No connection was made, so nothing was created: the creation may be tried again.
        CreateOutcome created = client.createOnce("aio_test", new UpstreamCreateRequest("imagen4", "a cat", "1:1", null,
                1, null, null)).await().atMost(Duration.ofSeconds(10));
        assertThat(created).isInstanceOfSatisfying(CreateOutcome.NotCreated.class, notCreated -> {
            assertThat(notCreated.retryable()).isTrue();
            assertThat(notCreated.error()).isInstanceOf(UpstreamUnavailableException.class);
        });
    }
}
