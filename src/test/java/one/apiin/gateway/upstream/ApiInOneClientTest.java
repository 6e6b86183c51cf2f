package one.apiin.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.ProcessingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.channel.ConnectTimeoutException;

import one.apiin.gateway.error.GatewayException;
import one.apiin.gateway.error.RateLimitedException;

/** The wrapper's own logic, without Quarkus: configuration is a record, as in the tests of the model codebases. */
class ApiInOneClientTest {

    record Config(String url, Duration requestTimeout, Duration createRetryDeadline, Duration initialBackoff,
            Duration maxBackoff, Duration rateLimitMaxWait, boolean resubmitUnknown) implements UpstreamConfig {
        Config(String url, Duration requestTimeout, Duration createRetryDeadline, Duration initialBackoff,
                Duration maxBackoff, Duration rateLimitMaxWait) {
            this(url, requestTimeout, createRetryDeadline, initialBackoff, maxBackoff, rateLimitMaxWait, false);
        }

        @Override
        public java.util.Optional<String> apiKey() {
            return java.util.Optional.empty();
        }

        @Override
        public Duration connectTimeout() {
            return requestTimeout.dividedBy(5);
        }
    }

    static Config config(String url) {
        return new Config(url, Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofMillis(250),
                Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void aTrailingSlashDoesNotDoubleThePath() {
        assertThat(new ApiInOneClient(config("https://apiin.one/")).baseUri()).hasToString("https://apiin.one");
        assertThat(new ApiInOneClient(config(" http://stand-in:9000/base ")).baseUri())
                .hasToString("http://stand-in:9000/base");
    }

    @Test
    void backoffGrowsWithJitterUpToItsCap() {
        ApiInOneClient client = new ApiInOneClient(config("https://apiin.one"));
        for (int i = 0; i < 50; i++) {
            assertThat(client.backoff(1).toMillis()).isBetween(125L, 250L);
            assertThat(client.backoff(3).toMillis()).isBetween(500L, 1000L);
            assertThat(client.backoff(30).toMillis()).isBetween(1000L, 2000L);
        }
    }

    @ParameterizedTest
    @CsvSource({ "400, BAD_USER_INPUT", "401, UNAUTHENTICATED", "403, UNAUTHENTICATED",
            "402, INSUFFICIENT_CREDITS", "404, NOT_FOUND", "429, RATE_LIMITED", "500, UPSTREAM_UNAVAILABLE",
            "502, UPSTREAM_UNAVAILABLE", "503, UPSTREAM_UNAVAILABLE", "418, INTERNAL" })
    void upstreamErrorsMapToTheContractsCodes(int status, String code) {
        GatewayException mapped = ApiInOneClient.mapError(new UpstreamError(status, "the upstream said so", 7));
        assertThat(mapped.code()).isEqualTo(code);
        if (mapped instanceof RateLimitedException rateLimited) {
            assertThat(rateLimited.retryAfterSeconds()).isEqualTo(7);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "503 | {\"error\":{\"code\":503,\"message\":\"Service temporarily unavailable\"}}",
            "500 | {\"error\":{\"code\":500,\"message\":\"Internal server error\",\"type\":\"api_error\"}}",
            "401 | {\"error\":{\"code\":401,\"message\":\"Invalid API key\"}}",
            "429 | ''",
            "400 | <html>Bad Request</html>" })
    void anAnswerThatProvesNothingWasCreatedIsNotCreated(int status, String body) {
        assertThat(ApiInOneClient.classify(new ApiInOneClient.Answer(status, body, null)))
                .isInstanceOf(CreateOutcome.NotCreated.class);
    }

    /** A proxy's answer may come after the upstream created the task (and bills it): never repeated. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "504 | <html><body><h1>504 Gateway Time-out</h1></body></html>",
            "504 | {\"error\":{\"code\":504,\"message\":\"Gateway timeout\"}}",
            "502 | {\"error\":{\"code\":502,\"message\":\"Bad gateway\"}}",
            "524 | ''",
            "500 | <html>Internal Server Error</html>",
            "503 | ''",
            "503 | {\"message\":\"no healthy upstream\"}",
            "500 | {\"error\":\"boom\"}" })
    void anAnswerThatMayComeAfterTheCreationLeavesItsOutcomeUnknown(int status, String body) {
        assertThat(ApiInOneClient.classify(new ApiInOneClient.Answer(status, body, null)))
                .isInstanceOf(CreateOutcome.Unknown.class);
    }

    @Test
    void aConnectionNeverMadeCreatedNothingButATimeoutAfterSendingMayHave() {
        assertThat(ApiInOneClient.classifyNoAnswer(new ProcessingException(new ConnectTimeoutException("timed out"))))
                .isInstanceOfSatisfying(CreateOutcome.NotCreated.class,
                        notCreated -> assertThat(notCreated.retryable()).isTrue());
        assertThat(ApiInOneClient.classifyNoAnswer(new TimeoutException())).isInstanceOf(CreateOutcome.Unknown.class);
    }
}
