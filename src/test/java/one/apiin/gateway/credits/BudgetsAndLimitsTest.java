package one.apiin.gateway.credits;

import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.GatewayKeysForTests;

/**
 * Budgets and rate limits as a frontend meets them, over HTTP, through gateway keys carrying their own (the defaults
 * are unset in tests). Exactness across two replicas is in MultiReplicaIT.
 */
@QuarkusTest
class BudgetsAndLimitsTest {

    static final String USAGE = """
            query Usage($period: UsagePeriod) {
              usage(period: $period) {
                period from creditsSpent creditsSavedByCache creditsSavedBySharing budgetCredits remainingCredits
                tasksByStatus { key count } tasksByModel { key count }
              }
            }""";

    @Test
    void aGenerationOverBudgetIsRefusedWithTheBudgetAndNothingIsStored() {
        String key = GatewayKeysForTests.issue("budgetCredits", 12);
        JsonPath refused = generate(key, "a too costly lighthouse", 4, null);
        assertThat(errorCode(refused)).isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(refused.getString("errors[0].message")).contains("costs 16 credits").contains("budget of 12")
                .contains("12 left").contains("renews at");
        assertThat(refused.getInt("errors[0].extensions.budgetCredits")).isEqualTo(12);
        assertThat(refused.getInt("errors[0].extensions.remainingCredits")).isEqualTo(12);
        assertThat(refused.getString("errors[0].extensions.renewsAt"))
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00Z");
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();

        String first = generate(key, "a first affordable lighthouse", 2, null).getString("data.generateImage.id");
        JsonPath whileRunning = generate(key, "a second lighthouse while the first runs", 2, null);
        assertThat(errorCode(whileRunning)).as("the first one's price is reserved").isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(whileRunning.getInt("errors[0].extensions.remainingCredits")).isEqualTo(4);
        assertThat(awaitEnd(key, first).getInt("data.task.creditsCharged")).isEqualTo(8);

        String last = generate(key, "the last affordable lighthouse", 1, null).getString("data.generateImage.id");
        awaitEnd(key, last);
        JsonPath usage = post(key, USAGE).setRootPath("data.usage");
        assertThat(usage.getInt("creditsSpent")).isEqualTo(12);
        assertThat(usage.getInt("budgetCredits")).isEqualTo(12);
        assertThat(usage.getInt("remainingCredits")).isZero();
    }

    @Test
    void aFailedGenerationGivesItsCreditsBack() {
        String key = GatewayKeysForTests.issue("budgetCredits", 4);
        String failing = generate(key, "a lighthouse sim:fail", 1, null).getString("data.generateImage.id");
        assertThat(awaitEnd(key, failing).getString("data.task.status")).isEqualTo("FAILED");
        // The gateway's own key refused (402): the operator's problem, unavailable to the key's holder, refunded too.
        JsonPath refusedUpstream = generate(key, "a lighthouse sim:402", 1, null);
        assertThat(errorCode(refusedUpstream)).isEqualTo("UPSTREAM_UNAVAILABLE");
        String next = generate(key, "a lighthouse after the refund", 1, null).getString("data.generateImage.id");
        assertThat(awaitEnd(key, next).getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(post(key, USAGE).getInt("data.usage.remainingCredits")).isZero();
    }

    @Test
    void cacheHitsAndSharedGenerationsCostNothingEvenWithTheBudgetSpent() {
        String key = GatewayKeysForTests.issue("budgetCredits", 4);
        String prompt = "a seeded lighthouse " + System.nanoTime();
        String leader = generate(key, prompt + " sim:duration=2500", 1, 7).getString("data.generateImage.id");
        JsonPath shared = generate(key, prompt + " sim:duration=2500", 1, 7);
        assertThat(shared.getList("errors")).as(shared.prettify()).isNull();
        awaitEnd(key, leader);
        assertThat(awaitEnd(key, shared.getString("data.generateImage.id")).getString("data.task.status"))
                .isEqualTo("SUCCEEDED");

        JsonPath hit = generate(key, prompt + " sim:duration=2500", 1, 7);
        assertThat(hit.getString("data.generateImage.status")).isEqualTo("SUCCEEDED");
        assertThat(hit.getBoolean("data.generateImage.cached")).isTrue();

        JsonPath usage = post(key, USAGE).setRootPath("data.usage");
        assertThat(usage.getInt("creditsSpent")).isEqualTo(4);
        assertThat(usage.getInt("creditsSavedBySharing")).isEqualTo(4);
        assertThat(usage.getInt("creditsSavedByCache")).isEqualTo(4);
        assertThat(usage.getInt("remainingCredits")).isZero();
    }

    @Test
    void concurrentRequestsNeverSpendPastTheBudgetNorAreRefusedWithRoom() throws Exception {
        String key = GatewayKeysForTests.issue("budgetCredits", 40);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<JsonPath>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String prompt = "concurrent lighthouse " + i;
                answers.add(CompletableFuture.supplyAsync(() -> generate(key, prompt, 1, null), pool));
            }
            long accepted = 0;
            for (CompletableFuture<JsonPath> answer : answers) {
                JsonPath result = answer.get();
                if (result.getList("errors") == null) {
                    accepted++;
                } else {
                    assertThat(errorCode(result)).isEqualTo("INSUFFICIENT_CREDITS");
                }
            }
            assertThat(accepted).isEqualTo(10);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theRateLimitPerMinuteCountsCacheHitsAndSaysWhenToComeBack() {
        String key = GatewayKeysForTests.issue("rateLimitPerMinute", 3);
        String prompt = "a rate limited lighthouse " + System.nanoTime();
        awaitEnd(key, generate(key, prompt, 1, 3).getString("data.generateImage.id"));
        assertThat(generate(key, prompt, 1, 3).getBoolean("data.generateImage.cached")).isTrue();
        assertThat(generate(key, prompt, 1, 3).getBoolean("data.generateImage.cached")).isTrue();
        JsonPath limited = generate(key, prompt, 1, 3);
        assertThat(errorCode(limited)).isEqualTo("RATE_LIMITED");
        assertThat(limited.getInt("errors[0].extensions.retryAfterSeconds")).isBetween(1, 60);
        assertThat(errorCode(generate(GatewayKeysForTests.issue("rateLimitPerMinute", 3), prompt, 1, 3)))
                .as("another owner has limits of their own").isNull();
    }

    @Test
    void theConcurrencyLimitFreesASlotWhenATaskEnds() {
        String key = GatewayKeysForTests.issue("concurrentTasks", 1);
        String first = generate(key, "a lone lighthouse", 1, null).getString("data.generateImage.id");
        JsonPath second = generate(key, "a second lighthouse at once", 1, null);
        assertThat(errorCode(second)).isEqualTo("RATE_LIMITED");
        awaitEnd(key, first);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> generate(key, "a lighthouse after the first", 1, null).getList("errors") == null);
    }

    @Test
    void usageIsTheSumOfTheOwnersTasks() {
        String key = GatewayKeysForTests.issue("name", "mixed run");
        List<String> ids = new ArrayList<>();
        ids.add(generate(key, "mixed lighthouse one", 2, null).getString("data.generateImage.id"));
        ids.add(generate(key, "mixed lighthouse sim:fail", 1, null).getString("data.generateImage.id"));
        ids.add(generate(key, "mixed seeded lighthouse", 1, 5).getString("data.generateImage.id"));
        ids.forEach(id -> awaitEnd(key, id));
        ids.add(generate(key, "mixed seeded lighthouse", 1, 5).getString("data.generateImage.id"));
        int charged = 0;
        for (String id : ids) {
            charged += post(key, Documents.TASK, Map.of("id", id)).getInt("data.task.creditsCharged");
        }
        JsonPath usage = post(key, USAGE, Map.of("period", "MONTH")).setRootPath("data.usage");
        assertThat(usage.getInt("creditsSpent")).isEqualTo(charged).isEqualTo(8 + 4);
        assertThat(usage.getInt("creditsSavedByCache")).isEqualTo(4);
        assertThat(usage.getString("period")).isEqualTo("MONTH");
        assertThat(usage.getString("budgetCredits")).isNull();
        assertThat(usage.getList("tasksByStatus")).containsExactlyInAnyOrder(Map.of("key", "FAILED", "count", 1),
                Map.of("key", "SUCCEEDED", "count", 3));
        assertThat(usage.getList("tasksByModel")).containsExactly(Map.of("key", "imagen4-fast", "count", 4));
    }

    /** A dashboard asks for everything at once: root fields resolved side by side each get their own database session. */
    @Test
    void usageTasksAndATaskInOneDocument() {
        String key = GatewayKeysForTests.issue("budgetCredits", 100);
        String id = generate(key, "a lighthouse for a dashboard", 1, null).getString("data.generateImage.id");
        JsonPath all = post(key, """
                query($id: ID!) {
                  usage { creditsSpent remainingCredits }
                  tasks(first: 5) { edges { node { id } } }
                  task(id: $id) { id }
                  month: usage(period: MONTH) { creditsSpent }
                }""", Map.of("id", id));
        assertThat(all.getList("errors")).as(all.prettify()).isNull();
        assertThat(all.getString("data.task.id")).isEqualTo(id);
        assertThat(all.getList("data.tasks.edges.node.id")).contains(id);
    }

    static JsonPath generate(String key, String prompt, int numImages, Integer seed) {
        return post(key, Documents.GENERATE, Map.of("input", input("prompt", prompt, "model", "imagen4-fast",
                "numImages", numImages, "seed", seed)));
    }
}
