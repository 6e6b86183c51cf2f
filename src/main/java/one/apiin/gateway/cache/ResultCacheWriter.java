package one.apiin.gateway.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.task.TaskEnded;
import one.apiin.gateway.task.TaskStatus;

/**
 * When a deterministic generation ends, on the replica that saw it end: a success fills the cache (failures are
 * never cached), and either way the in-flight marker goes, so that the next identical request is not held up.
 */
@ApplicationScoped
public class ResultCacheWriter {

    private final ResultCache cache;

    public ResultCacheWriter(ResultCache cache) {
        this.cache = cache;
    }

    void ended(@Observes TaskEnded event) {
        if (event.mark() == null || event.leaderTaskId() != null || event.task().cached()) {
            return;
        }
        CacheKey key = new CacheKey(event.mark().scope(), event.mark().fingerprint());
        String taskId = event.task().id();
        Uni<Void> write = event.task().status() == TaskStatus.SUCCEEDED
                ? cache.store(key, new CachedResult(taskId, event.task().images()))
                : Uni.createFrom().voidItem();
        write.chain(() -> cache.release(key, taskId)).subscribe().with(ignored -> {
        });
    }
}
