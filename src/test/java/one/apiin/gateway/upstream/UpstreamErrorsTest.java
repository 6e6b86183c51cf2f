package one.apiin.gateway.upstream;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.errorMessage;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.GatewayKeysForTests;
import one.apiin.gateway.support.Management;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.support.Tokens;

/** Each way the upstream can refuse a creation, mapped to the contract's codes, leaving no task behind. */
@QuarkusTest
class UpstreamErrorsTest {

    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @ParameterizedTest
    @CsvSource({
            "sim:400, BAD_USER_INPUT, The upstream refused the request",
            "sim:401, UNAUTHENTICATED, The upstream refused your API key",
            "sim:402, INSUFFICIENT_CREDITS, does not have enough credits",
            "sim:429, RATE_LIMITED, rate limiting" })
    void aRefusedCreationAnswersWithItsCodeAndStoresNothing(String marker, String code, String message) {
        String key = newKey();
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a cat " + marker)));

        assertThat(errorCode(answer)).isEqualTo(code);
        assertThat(errorMessage(answer)).contains(message).doesNotContain(key).doesNotContain("Exception");
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
    }

    /**
     * Issue 19: the upstream refusing the gateway's own key (jwt and gateway-key callers) is the operator's problem: the
     * end user is told the service is unavailable, never in the upstream's words (which quote the key), and the
     * operator's metric counts it.
     */
    @ParameterizedTest
    @CsvSource({ "gateway-key, sim:401", "gateway-key, sim:402", "jwt, sim:403", "jwt, sim:401" })
    void aRefusalOfTheGatewaysOwnKeyReachesTheEndUserAsUnavailable(String mode, String marker) {
        String credential = mode.equals("jwt") ? Tokens.user() : GatewayKeysForTests.issue();
        String status = marker.substring("sim:".length());
        double refusals = metric("gateway_upstream_key_refused_total\\{status=\"" + status + "\"\\}");

        JsonPath answer = post(credential, Documents.GENERATE, Map.of("input", Map.of("prompt", "a cat " + marker)));

        assertThat(errorCode(answer)).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(errorMessage(answer)).isEqualTo("The image service is unavailable right now; please try again later.");
        assertThat(post(credential, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
        assertThat(metric("gateway_upstream_key_refused_total\\{status=\"" + status + "\"\\}")).isEqualTo(refusals + 1);
    }

    /** Issue 19: a pass-through caller hears the upstream's refusal, with any key in it redacted. */
    @Test
    void anUpstreamMessageQuotingAKeyIsRedactedForAPassThroughCaller() {
        String key = "aio_secretkey123";
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a cat sim:401")));

        assertThat(errorCode(answer)).isEqualTo("UNAUTHENTICATED");
        assertThat(errorMessage(answer)).contains("The upstream refused your API key: Invalid API key")
                .doesNotContain("secretkey123");
    }

    private static double metric(String series) {
        String metrics = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input", Map.of("prompt", "a cat sim:429")));
        assertThat(answer.getInt("errors[0].extensions.retryAfterSeconds")).isEqualTo(1);
        assertThat(answer.getMap("errors[0].extensions")).containsOnlyKeys("code", "retryAfterSeconds");
    }

    @Test
    void serverErrorsAreRetriedWithinTheDeadline() {
        Simulator.failCreates(503, 2, null);
        int before = Simulator.createAttempts();

        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input", Map.of("prompt", "a patient cat")));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.generateImage.status")).isEqualTo("RUNNING");
        assertThat(Simulator.createAttempts() - before).isEqualTo(3);
    }

    @Test
    void aShortRateLimitIsWaitedOut() {
        Simulator.failCreates(429, 1, 1);
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input", Map.of("prompt", "a patient dog")));
        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.generateImage.status")).isEqualTo("RUNNING");
    }

    @ParameterizedTest
    @CsvSource({ "sim:500", "sim:503" })
    void anUpstreamThatStaysDownFailsTheQueuedTaskAtTheDeadline(String marker) {
        String key = newKey();
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "an unlucky cat " + marker)));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.generateImage.status")).isEqualTo("QUEUED");
        JsonPath done = awaitEnd(key, answer.getString("data.generateImage.id"));
        assertThat(done.getString("data.task.status")).isEqualTo("FAILED");
        assertThat(done.getString("data.task.error.code")).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(done.getInt("data.task.creditsCharged")).isZero();
    }

    @Test
    void aTaskQueuedDuringAnOutageCompletesWhenTheUpstreamRecovers() {
        Simulator.failCreatesFor(503, 4);
        int before = Simulator.createAttempts();
        String key = newKey();

        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", Map.of("prompt", "a resilient cat")));

        assertThat(answer.getString("data.generateImage.status")).isEqualTo("QUEUED");
        JsonPath done = awaitEnd(key, answer.getString("data.generateImage.id"));
        assertThat(done.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(Simulator.createAttempts() - before).isGreaterThan(2);
        assertThat(Simulator.creates()).isPositive();
    }
}
