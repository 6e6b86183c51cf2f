package one.apiin.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Signatures are a pure function of the secret and the value, whichever thread makes them. */
class KeyVaultTest {

    private static final SecretConfig SECRET = () -> "a-test-secret-long-enough-for-production-0123456789";

    @Test
    void signaturesMadeOnManyThreadsAtOnceAreThoseOfOneThread() throws Exception {
        KeyVault vault = new KeyVault(SECRET);
        List<String> values = IntStream.range(0, 2_000).mapToObj(i -> "value-" + i + "|owner-" + (i % 7)).toList();
        List<String> alone = values.stream().map(new KeyVault(SECRET)::sign).toList();

        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = values.stream().<Callable<String>> map(value -> () -> vault.sign(value))
                    .toList();
            List<String> together = threads.invokeAll(calls).stream().map(KeyVaultTest::result).toList();
            assertThat(together).isEqualTo(alone);
        } finally {
            threads.shutdownNow();
        }
        assertThat(vault.verify(values.get(0), alone.get(0))).isTrue();
        assertThat(vault.verify(values.get(0), alone.get(1))).isFalse();
        assertThat(vault.verify(values.get(0), alone.get(0).substring(0, 10), 10)).isTrue();
    }

    private static String result(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
