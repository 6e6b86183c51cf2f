package one.apiin.gateway.credits;

import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import one.apiin.gateway.support.Simulator;

/**
 * A mixed run of cases, each under an API key of its own, so that what the gateway charged and what the simulated
 * upstream billed and created can be compared case by case: the sum of a case's creditsCharged against the credits
 * billed to its key, and its creations against the generations its requests may make.
 */
final class Ledger {

    /** One case: its requests' task ids and what it is expected to come to. */
    record Case(String name, String key, List<String> ids, long charged, long billed, long creates) {
    }

    /** A case's figures as measured. */
    record Figures(long charged, long billed, long creates) {
    }

    private final List<Case> cases = new ArrayList<>();

    /**
     * Runs a case under a new key: {@code requests} starts its requests and returns their task ids; the case is expected
     * to charge {@code charged}, bill {@code billed} and create {@code creates} generations.
     */
    void add(String name, long charged, long billed, long creates, Function<String, List<String>> requests) {
        String key = newKey();
        cases.add(new Case(name, key, requests.apply(key), charged, billed, creates));
    }

    /** Waits for every task to end and every generation the upstream made to complete, then measures each case. */
    Map<Case, Figures> settle() {
        cases.forEach(c -> c.ids().forEach(id -> awaitEnd(c.key(), id)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Simulator.running() == 0);
        Map<Case, Figures> figures = new LinkedHashMap<>();
        for (Case c : cases) {
            long charged = c.ids().stream().mapToLong(id -> awaitEnd(c.key(), id).getLong("data.task.creditsCharged"))
                    .sum();
            figures.put(c, new Figures(charged, Simulator.billedCredits(c.key()), Simulator.creates(c.key())));
        }
        StringBuilder table = new StringBuilder("Ledger (case: charged / billed / creations)\n");
        figures.forEach((c, f) -> table.append(String.format("  %-50s %3d / %3d / %d%n", c.name(), f.charged(), f.billed(),
                f.creates())));
        System.out.print(table);
        return figures;
    }

    /** Each case came to what it was expected to, and the totals are their sums. */
    static void assertExpected(Map<Case, Figures> figures) {
        figures.forEach((c, f) -> {
            assertThat(f).as(c.name()).isEqualTo(new Figures(c.charged(), c.billed(), c.creates()));
        });
    }

    static long charged(Map<Case, Figures> figures) {
        return figures.values().stream().mapToLong(Figures::charged).sum();
    }

    static long billed(Map<Case, Figures> figures) {
        return figures.values().stream().mapToLong(Figures::billed).sum();
    }
}
