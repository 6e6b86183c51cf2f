package one.apiin.gateway.cache;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.images.ImagesConfig;
import one.apiin.gateway.task.ImageStorage;
import one.apiin.gateway.task.TaskEnded;
import one.apiin.gateway.task.TaskImage;
import one.apiin.gateway.task.TaskStatus;

/**
 * When a deterministic generation ends, on the replica that saw it end: a success fills the cache (failures are
 * never cached), and either way the in-flight marker goes, so that the next identical request is not held up.
 */
@ApplicationScoped
public class ResultCacheWriter {

    private final ResultCache cache;
    private final CacheConfig config;
    private final ImagesConfig images;

    public ResultCacheWriter(ResultCache cache, CacheConfig config, ImagesConfig images) {
        this.cache = cache;
        this.config = config;
        this.images = images;
    }

    /**
     * Kept images live as long as retention keeps them, and so does the entry (a hit references them anew); an entry
     * with an upstream URL lives no longer than such URLs may (GATEWAY_CACHE_RESULT_TTL).
     */
    Duration lifetime(List<TaskImage> result) {
        boolean kept = result.stream().allMatch(image -> image.storage() == ImageStorage.KEPT);
        return kept ? images.retention() : config.resultTtl();
    }

    void ended(@Observes TaskEnded event) {
        if (event.mark() == null || event.leaderTaskId() != null || event.task().cached()) {
            return;
        }
        CacheKey key = new CacheKey(event.mark().scope(), event.mark().fingerprint());
        String taskId = event.task().id();
        Uni<Void> write = event.task().status() == TaskStatus.SUCCEEDED
                ? cache.store(key, new CachedResult(taskId, event.task().images()), lifetime(event.task().images()))
                : Uni.createFrom().voidItem();
        write.chain(() -> cache.release(key, taskId)).subscribe().with(ignored -> {
        });
    }
}
