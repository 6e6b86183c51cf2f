package one.apiin.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

/**
 * The hot path's statements are written by hand on the SQL client: they must name every column of the table (a
 * column added by a migration and forgotten there would silently keep its default), put each value where Hibernate
 * reads it back, and write only at the version read.
 */
@QuarkusTest
class TaskRepositoryTest {

    @Inject
    TaskRepository repository;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    TaskService tasks;
    @Inject
    TaskAttempts attempts;
    @Inject
    TaskInserts inserts;

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

        onContext(() -> inserts.insert(TaskRepository.row(task)));
        Task read = onContext(() -> repository.findById(task.id));

        assertThat(read).usingRecursiveComparison().isEqualTo(task);
    }

    @Test
    void aChangeIsWrittenInOneStatementOfTheColumnsItChangedOnlyAtTheVersionRead() {
        Task task = unfinished("tsk_observed_");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long stored = task.version;
        List<Object> before = TaskState.read(task);
        task.status = TaskStatus.RUNNING;
        task.progress = 40;
        task.lastStatusAt = at;
        task.updatedAt = at.plusSeconds(1);
        String raw = task.upstreamRaw;

        assertThat(onContext(() -> repository.write(pool, task, before))).isTrue();
        Task read = read(task.id);
        assertThat(read.status).isEqualTo(TaskStatus.RUNNING);
        assertThat(read.progress).isEqualTo(40);
        assertThat(read.upstreamRaw).as("the raw answer is kept when it did not change").isEqualTo(raw);
        assertThat(read.lastStatusAt).isEqualTo(at);
        assertThat(read.updatedAt).isEqualTo(at.plusSeconds(1));
        assertThat(read.version).isEqualTo(stored + 1);

        assertThat(task.version).as("the writer sets the version it wrote").isEqualTo(stored + 1);
        List<Object> running = TaskState.read(task);
        task.status = TaskStatus.SUCCEEDED;
        task.progress = 100;
        task.images = "[{\"url\":\"https://example.test/a.png\"}]";
        task.creditsCharged = 4;
        task.upstreamKey = null;
        task.upstreamRaw = "{\"status\":\"SUCCEEDED\"}";
        assertThat(onContext(() -> repository.write(pool, task, running))).isTrue();
        assertThat(task.version).isEqualTo(stored + 2);
        assertThat(read(task.id)).usingRecursiveComparison()
                .isEqualTo(task);

        task.version = stored;
        List<Object> succeeded = TaskState.read(task);
        task.errorCode = "UPSTREAM_FAILED";
        assertThat(onContext(() -> repository.write(pool, task, succeeded))).as("a row changed since it was read is left alone")
                .isFalse();
        Task after = read(task.id);
        assertThat(after.errorCode).isNull();
        assertThat(after.version).isEqualTo(stored + 2);
    }

    @Test
    void theEndOfATaskWithoutReservationIsWrittenAndToldAsWritten() {
        Task task = unfinished("tsk_lean_");
        UpstreamTask succeeded = new UpstreamTask(task.upstreamTaskId, UpstreamStatus.SUCCEEDED, "SUCCEEDED", 100,
                List.of("https://example.test/done.png"), null, "{\"status\":\"SUCCEEDED\"}");

        TaskSnapshot told = observe(task.id, succeeded);

        Task read = read(task.id);
        assertThat(read.status).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(read.creditsCharged).isEqualTo(4);
        assertThat(read.upstreamKey).as("the key is not kept once the task ended").isNull();
        assertThat(read.version).isEqualTo(task.version + 1);
        assertThat(told).isEqualTo(TaskSnapshot.of(read));
        assertThat(told.images()).extracting(TaskImage::url).containsExactly("https://example.test/done.png");
    }

    @Test
    void aProgressAnswerIsWrittenOnceAndSubscribersAreToldTheRowAsWritten() {
        Task task = unfinished("tsk_lean_");

        TaskSnapshot told = observe(task.id, progress(task, 30));

        Task read = read(task.id);
        assertThat(read.status).isEqualTo(TaskStatus.RUNNING);
        assertThat(read.progress).isEqualTo(30);
        assertThat(read.upstreamRaw).isEqualTo("{\"progress\":30}");
        assertThat(read.version).isEqualTo(task.version + 1);
        assertThat(told).isEqualTo(TaskSnapshot.of(read));

        assertThat(observe(task.id, progress(task, 30))).as("the same answer again learns nothing").isNull();
        assertThat(read(task.id).version).as("and writes nothing").isEqualTo(task.version + 1);
    }

    @Test
    void anAnswerAboutARowChangedSinceTheTrackerReadItIsAppliedToTheRowAsItIsNow() {
        Task task = unfinished("tsk_lean_");
        Tracked tracked = onContext(() -> attempts.tracked(task.id));
        onContext(() -> pool.preparedQuery("update task set progress = 50, version = version + 1 where id = $1")
                .execute(Tuple.of(task.id)));

        TaskSnapshot told = onContext(() -> attempts.observed(tracked, progress(task, 60), 4, null));

        Task read = read(task.id);
        assertThat(read.progress).isEqualTo(60);
        assertThat(read.version).isEqualTo(task.version + 2);
        assertThat(told).isEqualTo(TaskSnapshot.of(read));
    }

    @AfterEach
    void endTheUnfinished() {
        // Ended before any tracker adopts them (it leaves tasks younger than the lease time alone).
        onContext(() -> pool.query("update task set status = 'FAILED' where id like 'tsk_observed_%' or id like"
                + " 'tsk_lean_%'").execute());
    }

    private TaskSnapshot observe(String id, UpstreamTask answer) {
        return onContext(() -> attempts.tracked(id).chain(tracked -> attempts.observed(tracked, answer, 4, null)));
    }

    private static UpstreamTask progress(Task task, int progress) {
        return new UpstreamTask(task.upstreamTaskId, UpstreamStatus.RUNNING, "RUNNING", progress, List.of(), null,
                "{\"progress\":" + progress + "}");
    }

    @Test
    void theScanForUnfinishedTasksReadsOnlyTheirPartialIndexWhateverThePlan() {
        for (String scan : List.of(TaskRepository.UNFINISHED, TaskRepository.UNFINISHED_AFTER)) {
            String plan = onContext(() -> pool.withTransaction(connection -> connection
                    .query("set local plan_cache_mode = force_generic_plan").execute()
                    .chain(() -> connection.query("prepare unfinished_scan as " + scan).execute())
                    .chain(() -> connection.query("explain execute unfinished_scan" + (scan.contains("$4")
                            ? "(now(), now() - interval '1 hour', 'tsk_', 100)"
                            : "(now(), 100)")).execute())
                    .call(() -> connection.query("deallocate unfinished_scan").execute())
                    .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString(0))
                            .collect(Collectors.joining("\n")))));

            assertThat(plan).as(scan).contains("Index Only Scan using task_unfinished").doesNotContain("Filter");
        }
    }

    @Test
    void theScanPagesThroughUnfinishedTasksOldestFirst() {
        Task first = unfinished("tsk_lean_");
        Task second = unfinished("tsk_lean_");
        Instant before = second.createdAt.plusSeconds(1);

        List<PageCursor> page = onContext(() -> repository.unfinished(before, null, 100000));
        int at = page.indexOf(new PageCursor(first.createdAt, first.id));
        assertThat(at).isNotNegative();
        assertThat(page.get(at + 1)).isEqualTo(new PageCursor(second.createdAt, second.id));
        assertThat(onContext(() -> repository.unfinished(before, page.get(at), 1)))
                .containsExactly(new PageCursor(second.createdAt, second.id));
    }

    /** A QUEUED task just stored, at progress 10 (no tracker takes one this young). */
    Task unfinished(String prefix) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Task task = new Task();
        task.id = prefix + System.nanoTime();
        task.ownerHash = "f".repeat(64);
        task.status = TaskStatus.QUEUED;
        task.progress = 10;
        task.model = "imagen4";
        task.prompt = "a prompt";
        task.aspectRatio = "1:1";
        task.numImages = 1;
        task.upstreamTaskId = "upstream-" + task.id;
        task.upstreamKey = "encrypted key";
        task.upstreamRaw = "{\"progress\":10}";
        task.createdAt = at;
        task.updatedAt = at;
        task.version = 5;
        onContext(() -> inserts.insert(TaskRepository.row(task)));
        return task;
    }

    private Task read(String id) {
        return onContext(() -> repository.findById(id));
    }

    private <T> T onContext(Supplier<Uni<T>> work) {
        return SafeContext.run(vertx, work).await().atMost(Duration.ofSeconds(5));
    }
}
