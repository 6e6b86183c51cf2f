package one.apiin.gateway.generation;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.cache.CacheConfig;
import one.apiin.gateway.cache.CacheKey;
import one.apiin.gateway.cache.ResultCache;
import one.apiin.gateway.cache.ResultCache.InFlight;
import one.apiin.gateway.task.CacheMark;
import one.apiin.gateway.task.NewTask;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;
import one.apiin.gateway.task.tracking.TaskTracking;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/**
 * Accepting a generation: check it against the catalog; for a deterministic request, answer from the result
 * cache or share an identical generation in flight; otherwise store the task, hand it to the upstream and follow
 * it. A request the upstream refuses leaves no task behind; one the upstream cannot take now stays QUEUED and is
 * resubmitted in the background until the submission deadline.
 */
@ApplicationScoped
public class GenerationService {

    private final RequestValidator validator;
    private final TaskService tasks;
    private final TaskTracking tracking;
    private final ResultCache cache;
    private final CacheConfig cacheConfig;

    public GenerationService(RequestValidator validator, TaskService tasks, TaskTracking tracking, ResultCache cache,
            CacheConfig cacheConfig) {
        this.validator = validator;
        this.tasks = tasks;
        this.tracking = tracking;
        this.cache = cache;
        this.cacheConfig = cacheConfig;
    }

    public Uni<TaskSnapshot> generate(Caller caller, ImageRequest input, CachePolicy policy) {
        GenerationRequest request = validator.validate(input);
        String id = tasks.newId(caller.ownerHash());
        CachePolicy effective = policy == null ? CachePolicy.USE : policy;
        String fingerprint = effective == CachePolicy.BYPASS ? null : Fingerprint.of(request).orElse(null);
        if (fingerprint == null) {
            return submitNew(caller, newTask(id, caller, request, null), request, input);
        }
        CacheKey key = CacheKey.of(cacheConfig.scope(), caller.ownerHash(), fingerprint);
        NewTask task = newTask(id, caller, request, new CacheMark(fingerprint, key.scope(), effective.name()));
        Uni<TaskSnapshot> fromCache = effective == CachePolicy.USE ? fromCache(key, task) : Uni.createFrom().nullItem();
        return fromCache.onItem().ifNull().switchTo(() -> shareOrSubmit(caller, task, request, input, key));
    }

    /** A new task of the caller's own, SUCCEEDED at once with the cached images; null on a miss. */
    private Uni<TaskSnapshot> fromCache(CacheKey key, NewTask task) {
        return cache.lookup(key).onItem().ifNotNull().transformToUni(hit -> tasks.createCached(task, hit.images()));
    }

    /** Attaches to an identical generation in flight, or claims the marker and generates. */
    private Uni<TaskSnapshot> shareOrSubmit(Caller caller, NewTask task, GenerationRequest request, ImageRequest input,
            CacheKey key) {
        return cache.claim(key, task.id()).chain(inFlight -> inFlight == null
                ? submitNew(caller, task, request, input)
                : tasks.find(inFlight.taskId()).chain(leader -> stale(inFlight, leader)
                        // A marker left behind (its task failed or is gone) must not block: clear it and go alone.
                        ? cache.release(key, inFlight.taskId()).chain(() -> submitNew(caller, task, request, input))
                        : follow(task, inFlight.taskId())));
    }

    /** A marker whose task failed, or that names no stored task past the grace a leader has to store it. */
    private boolean stale(InFlight inFlight, TaskSnapshot leader) {
        return leader == null
                ? System.currentTimeMillis() - inFlight.since() > cacheConfig.leaderGrace().toMillis()
                : leader.status() == TaskStatus.FAILED;
    }

    private Uni<TaskSnapshot> follow(NewTask task, String leaderId) {
        return tasks.createFollower(task, leaderId).call(follower -> tracking.follow(follower.id()));
    }

    private Uni<TaskSnapshot> submitNew(Caller caller, NewTask task, GenerationRequest request, ImageRequest input) {
        UpstreamCreateRequest body = body(request, input, tracking.callbackUrl(task.id()).orElse(null));
        return tasks.create(task, caller.apiKey(), tracking.serialize(body))
                .chain(stored -> tracking.submit(stored, caller.apiKey(), body)
                        .onFailure().call(() -> abandon(task)));
    }

    /** The upstream refused: the task goes, and so does its in-flight marker. */
    private Uni<Void> abandon(NewTask task) {
        CacheMark mark = task.mark();
        Uni<Void> released = mark == null ? Uni.createFrom().voidItem()
                : cache.release(new CacheKey(mark.scope(), mark.fingerprint()), task.id());
        return tasks.discard(task.id()).call(() -> released);
    }

    private static NewTask newTask(String id, Caller caller, GenerationRequest request, CacheMark mark) {
        return new NewTask(id, caller.ownerHash(), request.model().id(), request.prompt(), request.negativePrompt(),
                request.aspectRatio(), request.numImages(), request.seed(), mark);
    }

    /** The upstream gets the model always, and otherwise only what the caller sent, with its defaults left to it. */
    static UpstreamCreateRequest body(GenerationRequest request, ImageRequest input, String callbackUrl) {
        return new UpstreamCreateRequest(request.model().id(), request.prompt(),
                input.aspectRatio() == null ? null : request.aspectRatio(),
                request.negativePrompt(),
                input.numImages() == null ? null : request.numImages(),
                request.seed(), callbackUrl);
    }
}
