package one.apiin.gateway.task.tracking;

import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Simulator;

/** With GATEWAY_UPSTREAM_RESUBMIT_UNKNOWN=true, a creation whose answer never came is made again: two creations. */
@QuarkusTest
@TestProfile(ResubmitUnknownTest.ResubmitUnknown.class)
class ResubmitUnknownTest {

    public static class ResubmitUnknown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.upstream.request-timeout", "1s",
                    "gateway.upstream.resubmit-unknown", "true");
        }
    }

    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @Test
    void anUnknownOutcomeIsResubmittedWhenTheOperatorSaysSo() {
        String key = newKey();
        Simulator.delayCreates(2_500, 1);

        String id = generate(key, "a slow first answer");
        JsonPath done = awaitEnd(key, id);

        assertThat(done.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(Simulator.creates()).isEqualTo(2);
    }
}
