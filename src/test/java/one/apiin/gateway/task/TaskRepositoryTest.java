package one.apiin.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import one.apiin.gateway.support.SafeContext;

/**
 * The hot path's statements are written by hand on the SQL client: they must name every column of the table (a
 * column added by a migration and forgotten there would silently keep its default) and put each value where Hibernate
 * reads it back.
 */
@QuarkusTest
class TaskRepositoryTest {

    @Inject
    TaskRepository repository;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    @Test
    void theInsertNamesEveryColumnOfTheTable() {
        List<String> columns = onContext(() -> pool
                .query("select column_name from information_schema.columns where table_name = 'task'").execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString(0)).toList()));

        assertThat(TaskRepository.COLUMNS).containsExactlyInAnyOrderElementsOf(columns);
    }

    @Test
    void aTaskInsertedInOneStatementReadsBackWithEveryField() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Task task = new Task();
        task.id = "tsk_repository_test_" + System.nanoTime();
        task.ownerHash = "f".repeat(64);
        task.status = TaskStatus.FAILED; // ended: no tracker picks it up
        task.progress = 42;
        task.model = "imagen4";
        task.prompt = "a prompt";
        task.negativePrompt = "a negative prompt";
        task.aspectRatio = "16:9";
        task.numImages = 3;
        task.seed = 7;
        task.images = "[{\"url\":\"https://example.test/a.png\"}]";
        task.creditsCharged = 11;
        task.cached = true;
        task.errorCode = "INTERNAL";
        task.errorMessage = "an error message";
        task.upstreamTaskId = "upstream-id";
        task.upstreamKey = "encrypted key";
        task.upstreamRequest = "{\"model\":\"imagen4\"}";
        task.upstreamRaw = "{\"raw\":true}";
        task.lastStatusAt = at.minusSeconds(1);
        task.createdAt = at.minusSeconds(2);
        task.updatedAt = at.minusSeconds(3);
        task.fingerprint = "a".repeat(64);
        task.cacheScope = "owner:scope";
        task.cachePolicy = "USE";
        task.leaderTaskId = "tsk_leader";
        task.submitAttempts = 2;
        task.creditsReserved = 13;
        task.reservedPeriodStart = at.minusSeconds(4);
        task.attemptStartedAt = at.minusSeconds(5);
        task.creditsPerImage = 17;
        task.version = 19;

        onContext(() -> repository.insert(task));
        Task read = onContext(() -> Panache.withSession(() -> repository.findById(task.id)));

        assertThat(read).usingRecursiveComparison().ignoringFieldsMatchingRegexes("\\$\\$_hibernate.*").isEqualTo(task);
    }

    private <T> T onContext(Supplier<Uni<T>> work) {
        return SafeContext.run(vertx, work).await().atMost(Duration.ofSeconds(5));
    }
}
