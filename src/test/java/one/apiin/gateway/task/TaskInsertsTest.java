package one.apiin.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import one.apiin.gateway.support.Rows;
import one.apiin.gateway.support.SafeContext;

/**
 * New tasks that arrive together are written together (group commit): one statement and one commit for those that
 * waited, each request still answered after its own row is committed, and none failed for another's row.
 */
@QuarkusTest
class TaskInsertsTest {

    @Inject
    TaskService tasks;
    @Inject
    TaskInserts inserts;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;

    /** What the group commit rests on: the INSERTs of one batch are one transaction, all written or none. */
    @Test
    void aBatchThatFailsWritesNoneOfItsRows() {
        Task existing = task("tsk_batch_existing_" + System.nanoTime());
        onContext(() -> inserts.insert(TaskRepository.row(existing)));
        Task before = task("tsk_batch_before_" + System.nanoTime());
        Task after = task("tsk_batch_after_" + System.nanoTime());
        List<TaskInserts.Row> rows = List.of(TaskRepository.row(before), TaskRepository.row(existing),
                TaskRepository.row(after));

        assertThatThrownBy(() -> onContext(() -> pool.preparedQuery(rows.get(0).sql())
                .executeBatch(rows.stream().map(TaskInserts.Row::values).toList()))).isNotNull();

        assertThat(Rows.count(pool, "select count(*) from task where id = any($1)",
                new String[] { before.id, after.id })).isZero();
    }

    @Test
    void insertsThatArriveWhileBothSlotsAreTakenGoInOneStatementAndEachMeetsItsOwnOutcome() {
        String owner = "owner_batch_" + System.nanoTime();
        String taken = tasks.newId(owner);
        onContext(() -> tasks.createCached(cached(taken, owner), List.of(), null));
        DistributionSummary statements = registry.get("gateway.task.inserts.batch").summary();
        long sent = statements.count();
        double written = statements.totalAmount();
        int count = 12;
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<TaskSnapshot>> answers = new ArrayList<>();

        try (Rows.WriteLock lock = Rows.lockWrites(pool, "task")) {
            for (int i = 0; i < count; i++) {
                // One of those that wait takes an id already stored: its own request fails, not the others.
                String id = i == count / 2 ? taken : tasks.newId(owner);
                ids.add(id);
                answers.add(create(id, owner));
                if (i == TaskInserts.IN_FLIGHT - 1) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> inserts.inFlight() == TaskInserts.IN_FLIGHT);
                }
            }
            // Two INSERTs are under way (waiting for the lock), the others wait for them.
            await().atMost(Duration.ofSeconds(10)).until(() -> inserts.waiting() == count - TaskInserts.IN_FLIGHT);
            assertThat(answers).noneMatch(CompletableFuture::isDone);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> answers.stream().allMatch(CompletableFuture::isDone));
        for (int i = 0; i < count; i++) {
            if (i == count / 2) {
                assertThat(answers.get(i)).isCompletedExceptionally();
            } else {
                assertThat(answers.get(i).join().id()).isEqualTo(ids.get(i));
            }
        }
        assertThat(Rows.count(pool, "select count(*) from task where owner_hash = $1", owner)).isEqualTo(count);
        // Two alone, then the ten that waited together: that statement failed on the taken id, so its ten went
        // again one by one.
        assertThat(statements.count() - sent).isEqualTo(2 + 1 + (count - 2));
        assertThat(statements.totalAmount() - written).isEqualTo(2 + 2 * (count - 2));
        assertThat(inserts.waiting()).isZero();
    }

    /**
     * A failed batch's INSERTs go again one after the other, inside the batch's slot, not all at once: the pool is
     * never asked for more than {@link TaskInserts#IN_FLIGHT} connections by new tasks. Seen here with a row that
     * another transaction inserted and has not committed: the retry waits on it, and the INSERT after it in the batch
     * is not sent meanwhile.
     */
    @Test
    void aFailedBatchIsSentAgainOneInsertAfterTheOther() {
        String owner = "owner_batch_" + System.nanoTime();
        String taken = tasks.newId(owner);
        onContext(() -> tasks.createCached(cached(taken, owner), List.of(), null));
        String first = tasks.newId(owner);
        String second = tasks.newId(owner);
        String held = tasks.newId(owner);
        String before = tasks.newId(owner);
        String after = tasks.newId(owner);
        List<CompletableFuture<TaskSnapshot>> slots = new ArrayList<>();
        List<CompletableFuture<TaskSnapshot>> batch = new ArrayList<>();

        String insert = rowOf(first).sql();
        try (Rows.Uncommitted holdsSlots = Rows.uncommitted(pool, insert, rowOf(first).values(),
                rowOf(second).values()); Rows.Uncommitted holdsOne = Rows.uncommitted(pool, insert, rowOf(held).values())) {
            // Both slots wait on the first transaction's rows; the batch of four waits for a slot.
            slots.add(create(first, owner));
            slots.add(create(second, owner));
            await().atMost(Duration.ofSeconds(10)).until(() -> inserts.inFlight() == TaskInserts.IN_FLIGHT);
            for (String id : List.of(taken, before, held, after)) {
                batch.add(create(id, owner));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> inserts.waiting() == 4);
            holdsSlots.rollback();
            await().atMost(Duration.ofSeconds(10)).until(() -> slots.stream().allMatch(CompletableFuture::isDone));

            // The batch failed on the taken id; one by one, the taken id fails, the next is stored, the held one
            // waits for the other transaction, and the one after it is not sent until it is through.
            await().atMost(Duration.ofSeconds(10)).until(() -> batch.get(0).isDone() && batch.get(1).isDone()
                    && waitingOnLocks() == 1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> !batch.get(3).isDone() && waitingOnLocks() == 1);
            assertThat(batch.get(0)).isCompletedExceptionally();
            assertThat(batch.get(1).join().id()).isEqualTo(before);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> batch.stream().allMatch(CompletableFuture::isDone));
        assertThat(batch.get(2).join().id()).isEqualTo(held);
        assertThat(batch.get(3).join().id()).isEqualTo(after);
        assertThat(Rows.count(pool, "select count(*) from task where owner_hash = $1", owner)).isEqualTo(6);
    }

    /** Sessions of the test database whose INSERT waits on a lock (the row another transaction holds). */
    private long waitingOnLocks() {
        return Rows.count(pool, "select count(*) from pg_stat_activity where datname = current_database()"
                + " and wait_event_type = $1 and query like 'insert into task%'", "Lock");
    }

    private static TaskInserts.Row rowOf(String id) {
        return TaskRepository.row(task(id));
    }

    @Test
    void insertsThatWaitedTogetherAreOneStatement() {
        String owner = "owner_batch_" + System.nanoTime();
        DistributionSummary statements = registry.get("gateway.task.inserts.batch").summary();
        long sent = statements.count();
        int count = 10;
        List<CompletableFuture<TaskSnapshot>> answers = new ArrayList<>();

        try (Rows.WriteLock lock = Rows.lockWrites(pool, "task")) {
            for (int i = 0; i < count; i++) {
                answers.add(create(tasks.newId(owner), owner));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> inserts.waiting() == count - TaskInserts.IN_FLIGHT);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> answers.stream().allMatch(CompletableFuture::isDone));
        assertThat(answers).allMatch(answer -> !answer.isCompletedExceptionally() && answer.join() != null);
        assertThat(Rows.count(pool, "select count(*) from task where owner_hash = $1", owner)).isEqualTo(count);
        assertThat(statements.count() - sent).isEqualTo(3);
        assertThat(statements.max()).isGreaterThanOrEqualTo(count - TaskInserts.IN_FLIGHT);
    }

    private CompletableFuture<TaskSnapshot> create(String id, String owner) {
        return SafeContext.run(vertx, () -> tasks.createCached(cached(id, owner), List.of(), null))
                .subscribeAsCompletionStage();
    }

    private static NewTask cached(String id, String owner) {
        return new NewTask(id, owner, "imagen4", "written together", null, "1:1", 1, 42, 8, null);
    }

    private static Task task(String id) {
        Task task = new Task();
        task.id = id;
        task.ownerHash = "owner_batch";
        task.status = TaskStatus.QUEUED;
        task.model = "imagen4";
        task.prompt = "a prompt";
        task.aspectRatio = "1:1";
        task.numImages = 1;
        task.createdAt = Instant.now();
        task.updatedAt = task.createdAt;
        return task;
    }

    private <T> T onContext(Supplier<Uni<T>> work) {
        return SafeContext.run(vertx, work).await().atMost(Duration.ofSeconds(5));
    }
}
