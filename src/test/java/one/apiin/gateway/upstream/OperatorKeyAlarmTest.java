package one.apiin.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import one.apiin.gateway.error.GatewayException;

/** A refusal of the gateway's own key: the operator hears of it once per outage, the end user never in its words. */
class OperatorKeyAlarmTest {

    @Test
    void oneLinePerOutageAndEveryRefusalCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OperatorKeyAlarm alarm = new OperatorKeyAlarm(registry);
        UpstreamError refused = new UpstreamError(401, "Invalid API key", null);

        assertThat(alarm.refused(refused)).isTrue();
        assertThat(alarm.refused(refused)).isFalse();
        assertThat(alarm.refused(new UpstreamError(403, "Forbidden", null))).isFalse();
        alarm.accepted();
        alarm.accepted();
        assertThat(alarm.refused(refused)).isTrue();

        assertThat(registry.get("gateway.upstream.key.refused").tag("status", "401").counter().count()).isEqualTo(3);
        assertThat(registry.get("gateway.upstream.key.refused").tag("status", "403").counter().count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 402, 403 })
    void aRefusalOfTheGatewaysOwnKeyIsUnavailableWithoutTheUpstreamsWords(int status) {
        UpstreamError error = new UpstreamError(status, "Invalid API key aio_[redacted]", null);

        GatewayException mapped = ApiInOneClient.mapError(error, true);

        assertThat(mapped.code()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(mapped.getMessage()).isEqualTo(ApiInOneClient.OPERATOR_PROBLEM);
        assertThat(ApiInOneClient.mapError(error, false).getMessage()).contains("Invalid API key");
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 404, 429 })
    void otherAnswersToTheGatewaysOwnKeyKeepTheirCodeButNotTheUpstreamsWords(int status) {
        UpstreamError error = new UpstreamError(status, "the upstream's own words", 2);

        assertThat(ApiInOneClient.mapError(error, true).code()).isEqualTo(ApiInOneClient.mapError(error, false).code());
        assertThat(ApiInOneClient.mapError(error, true).getMessage()).doesNotContain("the upstream's own words");
    }
}
