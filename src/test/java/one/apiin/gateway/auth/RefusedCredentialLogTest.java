package one.apiin.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import one.apiin.gateway.support.ClientNoiseFilter;
import one.apiin.gateway.support.GraphQL;
import one.apiin.gateway.support.LogLines;
import one.apiin.gateway.support.SharedProfiles;

/**
 * A refused credential is the client's mistake: answered UNAUTHENTICATED, and logged as one access log line like any
 * other request, never as an ERROR. (Dev mode always runs the access log, for the Dev UI; resolving the user of a
 * refused credential for its line failed, and each such request logged an ERROR instead.) The access log is on in the
 * shared {@link SharedProfiles.OptIns} profile.
 */
@QuarkusTest
@TestProfile(SharedProfiles.OptIns.class)
class RefusedCredentialLogTest {

    private static final ClientNoiseFilter NOISE = new ClientNoiseFilter();

    private LogLines records;

    @BeforeEach
    void listen() {
        // What the console shows: SmallRye's own ERROR per client error is filtered there (ClientNoiseFilter).
        records = LogLines.listen("", NOISE::isLoggable);
    }

    @AfterEach
    void stop() {
        records.close();
    }

    @Test
    void aRefusedCredentialIsAnAccessLogLineNotAnError() {
        for (String credential : new String[] { "gk_not_a_key", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged",
                "something else" }) {
            assertThat(GraphQL.errorCode(GraphQL.post(credential, "{ tasks { edges { cursor } } }")))
                    .isEqualTo("UNAUTHENTICATED");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> lines().size() >= 3);
        assertThat(records.records()).filteredOn(record -> record.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(LogRecord::getMessage).isEmpty();
        assertThat(lines()).allSatisfy(line -> assertThat(line).contains("\"POST /graphql HTTP/1.1\" 200")
                .doesNotContain("gk_not", "eyJ", "something"));
    }

    private List<String> lines() {
        return records.records().stream().filter(record -> "io.quarkus.http.access-log".equals(record.getLoggerName()))
                .map(LogRecord::getMessage).filter(message -> message.contains("/graphql")).toList();
    }
}
