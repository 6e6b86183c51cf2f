package one.apiin.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of webhook deliveries: signatures, addresses, URLs and the retry schedule. */
class WebhookRulesTest {

    private record Config(boolean allowPrivate, Duration timeout, int maxAttempts, Duration initialBackoff,
            Duration maxBackoff, Duration scanInterval) implements WebhooksConfig {
    }

    @Test
    void signaturesAreStandardWebhooksV1() {
        // The test vector of the Standard Webhooks libraries.
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @ParameterizedTest
    @CsvSource({ "8.8.8.8, false, true", "127.0.0.1, false, false", "127.0.0.1, true, true", "10.1.2.3, false, false",
            "10.1.2.3, true, true", "192.168.1.1, true, true", "169.254.169.254, true, false",
            "169.254.169.254, false, false", "::1, true, true", "::1, false, false", "fe80::1, true, false",
            "fd00:ec2::254, true, false", "fd12::1, true, true", "0.0.0.0, true, false", "224.0.0.1, true, false",
            "2606:4700:4700::1111, false, true" })
    void addressesArePublicOnlyUnlessTheOperatorAllowsPrivateOnesButNeverMetadata(String address, boolean allowPrivate,
            boolean allowed) throws UnknownHostException {
        assertThat(WebhookAddresses.allowed(InetAddress.getByName(address), allowPrivate)).isEqualTo(allowed);
    }

    @Test
    void callbackUrlsAreAbsoluteHttpWithoutCredentials() {
        assertThat(WebhookAddresses.problem("https://hooks.example.com/gateway?x=1")).isNull();
        assertThat(WebhookAddresses.problem("http://[::1]:8080/x")).isNull();
        assertThat(WebhookAddresses.problem("ftp://example.com/x")).contains("http or https");
        assertThat(WebhookAddresses.problem("/relative")).contains("absolute");
        assertThat(WebhookAddresses.problem("not a url")).contains("absolute");
        assertThat(WebhookAddresses.problem("https://user:pw@example.com/")).contains("credentials");
        assertThat(WebhookAddresses.problem("https://example.com/" + "a".repeat(3000))).contains("at most");
    }

    @Test
    void retriesDoubleTheirPauseUpToTheMaximumThenGiveUp() {
        Config config = new Config(false, Duration.ofSeconds(10), 6, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        List<Duration> pauses = new ArrayList<>();
        for (int attempt = 1; attempt <= 6; attempt++) {
            pauses.add(WebhookBackoff.after(attempt, config));
        }
        assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(30), null);
    }
}
