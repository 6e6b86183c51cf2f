package one.apiin.gateway.credits;

import static one.apiin.gateway.support.Generations.generate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import one.apiin.gateway.support.Simulator;

/**
 * Without callbacks (no GATEWAY_PUBLIC_URL), a creation whose answer never names the generation (a proxy's 504 after
 * the upstream created it, an answer later than the request timeout, a 2xx without a task id) cannot be followed:
 * the task ends FAILED, charged 0, telling its caller it may have been charged, and the upstream bills the generation
 * all the same. The gap between charged and billed is exactly those generations' price, and none is created twice.
 */
@QuarkusTest
@TestProfile(CreditsLedgerWithoutCallbacksTest.ShortTimeout.class)
class CreditsLedgerWithoutCallbacksTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.upstream.request-timeout", "1s");
        }
    }

    @BeforeEach
    @AfterEach
    void reset() {
        Simulator.reset();
    }

    @Test
    void onlyTheGenerationsTheGatewayCannotLearnOfAreBilledUncharged() {
        Ledger ledger = new Ledger();
        ledger.add("new, imagen4", 8, 8, 1, key -> List.of(generate(key, "a new one")));
        ledger.add("504 from a proxy after the creation", 0, 8, 1,
                key -> List.of(generate(key, "behind a proxy sim:create=proxy504")));
        ledger.add("late answer (2.5 s, timeout 1 s)", 0, 8, 1,
                key -> List.of(generate(key, "a slow answer sim:createDelay=2500")));
        ledger.add("unreadable 2xx: no task id", 0, 8, 1, key -> List.of(generate(key, "no id sim:create=noid")));

        Map<Ledger.Case, Ledger.Figures> figures = ledger.settle();

        Ledger.assertExpected(figures);
        assertThat(Ledger.charged(figures)).isEqualTo(8);
        // Exactly the three generations no answer named: 3 × 8 credits billed that no task charged.
        assertThat(Ledger.billed(figures) - Ledger.charged(figures)).isEqualTo(24);
    }
}
