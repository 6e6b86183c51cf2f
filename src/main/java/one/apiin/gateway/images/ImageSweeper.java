package one.apiin.gateway.images;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import one.apiin.gateway.error.Failures;
import one.apiin.gateway.support.SafeContext;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskService.PendingImages;
import one.apiin.gateway.task.TaskSnapshot;

/**
 * The background work of kept images: copies that could not be made when their task ended are tried again (every
 * GATEWAY_IMAGES_RETRY_INTERVAL, on any replica: a task's write is conditional on its version, so two replicas
 * retrying at once write one result); and retention, on one replica at a time (an advisory lock), in batches.
 */
@ApplicationScoped
public class ImageSweeper {

    private static final Logger LOG = Logger.getLogger(ImageSweeper.class);
    /** A content just written may still be getting its first reference: retention leaves it alone this long. */
    private static final Duration CONTENT_GRACE = Duration.ofMinutes(1);
    /** Batches one sweep makes at most, so that one run cannot go on for ever. */
    private static final int MAX_BATCHES = 100;
    /** Copies tried side by side by one retry round. */
    private static final int RETRY_CONCURRENCY = 8;

    private final ImagesConfig config;
    private final ImageRepository repository;
    private final ImageStore store;
    private final ImageMirror mirror;
    private final TaskService tasks;
    private final ImageCache cache;
    private final Vertx vertx;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean retrying = new AtomicBoolean();
    private volatile boolean storeTroubleLogged;
    private long sweepTimer = -1;
    private long retryTimer = -1;

    ImageSweeper(ImagesConfig config, ImageRepository repository, ImageStore store, ImageMirror mirror,
            TaskService tasks, ImageCache cache, Vertx vertx) {
        this.cache = cache;
        this.config = config;
        this.repository = repository;
        this.store = store;
        this.mirror = mirror;
        this.tasks = tasks;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!mirror.enabled()) {
            return;
        }
        sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> SafeContext.run(vertx.getDelegate(),
                this::sweep).subscribe().with(ignored -> {
                }, failure -> LOG.warnf("Image retention could not run: %s", Failures.causeChain(failure))));
        retryTimer = vertx.setPeriodic(config.retryInterval().toMillis(), id -> SafeContext.run(vertx.getDelegate(),
                this::retryPending).subscribe().with(
                        ignored -> {
                        }, failure -> LOG.debugf("Image copies could not be retried: %s", Failures.causeChain(failure))));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweepTimer);
        vertx.cancelTimer(retryTimer);
    }

    /**
     * Deletes what retention let go, batch after batch: the references older than GATEWAY_IMAGES_RETENTION (their
     * tasks then say their images were removed), then the contents no reference is left to. Completes with the rows
     * deleted.
     */
    public Uni<Integer> sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        Instant cutoff = Instant.now().minus(config.retention());
        return Multi.createBy().repeating().uni(() -> repository.sweep(cutoff, Instant.now().minus(CONTENT_GRACE),
                config.sweepBatch(), this::expired, this::unreferenced))
                .whilst(deleted -> deleted > 0).select().first(MAX_BATCHES)
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue))
                .eventually(() -> sweeping.set(false));
    }

    private Uni<Void> expired(List<ImageRepository.Reference> references) {
        cache.forget(references.stream().map(ImageRepository.Reference::token).toList(), List.of());
        return tasks.imagesRemoved(references.stream().map(ImageRepository.Reference::taskId).distinct().toList());
    }

    private Uni<Void> unreferenced(List<String> hashes) {
        return store.delete(hashes).invoke(() -> cache.forget(List.of(), hashes));
    }

    /** Tries again the copies of the tasks whose images wait for theirs; completes with how many tasks it tried. */
    public Uni<Integer> retryPending() {
        if (!retrying.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return tasks.imagesPending(Instant.now(), config.sweepBatch())
                .chain(pending -> Multi.createFrom().iterable(pending).onItem()
                        .transformToUni(this::retry).merge(RETRY_CONCURRENCY).collect().asList()
                        .map(ignored -> pending.size()))
                .eventually(() -> retrying.set(false));
    }

    private Uni<TaskSnapshot> retry(PendingImages task) {
        return mirror.retry(task.id(), task.images(), task.since())
                .chain(images -> images.equals(task.images()) ? Uni.createFrom().<TaskSnapshot> nullItem()
                        : tasks.imagesCopied(task.id(), task.version(), images))
                .invoke(written -> LOG.debugf("Task %s: copies retried, %s", task.id(),
                        written == null ? "nothing written"
                                : "images now " + written.images().stream()
                                        .map(image -> image.storage().name()).toList()))
                .onFailure().recoverWithItem(failure -> {
                    if (!storeTroubleLogged) {
                        storeTroubleLogged = true;
                        LOG.warnf("Images of task %s could not be kept yet: %s", task.id(),
                                Failures.causeChain(failure));
                    }
                    return null;
                });
    }
}
