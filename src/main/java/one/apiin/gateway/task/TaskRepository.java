package one.apiin.gateway.task;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, String> {

    public Uni<Task> findOwned(String id, String ownerHash) {
        return find("id = ?1 and ownerHash = ?2", id, ownerHash).firstResult();
    }

    /** The owner's tasks, newest first, strictly after the cursor; {@code limit} rows at most. */
    public Uni<List<Task>> page(String ownerHash, PageCursor after, int limit) {
        if (after == null) {
            return find("ownerHash = ?1 order by createdAt desc, id desc", ownerHash).page(0, limit).list();
        }
        return find("ownerHash = :owner and (createdAt < :at or (createdAt = :at and id < :id))"
                + " order by createdAt desc, id desc",
                Parameters.with("owner", ownerHash).and("at", after.createdAt()).and("id", after.id()))
                .page(0, limit).list();
    }

    /** Tasks that have not ended and were created before {@code before}, oldest first, strictly after the cursor. */
    public Uni<List<PageCursor>> unfinished(Instant before, PageCursor after, int limit) {
        Parameters parameters = Parameters.with("open", List.of(TaskStatus.QUEUED, TaskStatus.RUNNING))
                .and("before", before);
        String query = "status in :open and createdAt < :before";
        if (after != null) {
            query += " and (createdAt > :at or (createdAt = :at and id > :id))";
            parameters.and("at", after.createdAt()).and("id", after.id());
        }
        return find(query + " order by createdAt, id", parameters).page(0, limit).list()
                .map(tasks -> tasks.stream().map(task -> new PageCursor(task.createdAt, task.id)).toList());
    }

    /** The tasks sharing this task's generation that have not ended. */
    public Uni<List<Task>> followersOf(String leaderId) {
        return list("leaderTaskId = ?1 and status in ?2", leaderId, List.of(TaskStatus.QUEUED, TaskStatus.RUNNING));
    }
}
