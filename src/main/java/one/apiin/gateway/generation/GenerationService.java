package one.apiin.gateway.generation;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.cache.CacheConfig;
import one.apiin.gateway.cache.CacheKey;
import one.apiin.gateway.cache.Fingerprint;
import one.apiin.gateway.cache.ResultCache;
import one.apiin.gateway.error.UpstreamUnavailableException;
import one.apiin.gateway.task.CacheMark;
import one.apiin.gateway.task.TaskLeases;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;
import one.apiin.gateway.task.TaskTracker;
import one.apiin.gateway.task.TaskUpstream;
import one.apiin.gateway.task.UpstreamCallbacks;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/**
 * Accepting a generation: check it against the catalog; for a deterministic request, answer from the result
 * cache or share an identical generation in flight; otherwise store the task, hand it to the upstream and follow
 * it. A request the upstream refuses leaves no task behind; one the upstream cannot take now stays QUEUED and is
 * resubmitted in the background until the submission deadline.
 */
@ApplicationScoped
public class GenerationService {

    /** How long a leader may take to store its task after claiming the in-flight marker. */
    public static final Duration LEADER_GRACE = Duration.ofSeconds(15);

    private final RequestValidator validator;
    private final TaskService tasks;
    private final TaskUpstream upstream;
    private final TaskLeases leases;
    private final TaskTracker tracker;
    private final UpstreamCallbacks callbacks;
    private final ResultCache cache;
    private final CacheConfig cacheConfig;

    public GenerationService(RequestValidator validator, TaskService tasks, TaskUpstream upstream, TaskLeases leases,
            TaskTracker tracker, UpstreamCallbacks callbacks, ResultCache cache, CacheConfig cacheConfig) {
        this.validator = validator;
        this.tasks = tasks;
        this.upstream = upstream;
        this.leases = leases;
        this.tracker = tracker;
        this.callbacks = callbacks;
        this.cache = cache;
        this.cacheConfig = cacheConfig;
    }

    public Uni<TaskSnapshot> generate(Caller caller, ImageRequest input, CachePolicy policy) {
        GenerationRequest request = validator.validate(input);
        String id = tasks.newId(caller.ownerHash());
        CachePolicy effective = policy == null ? CachePolicy.USE : policy;
        String fingerprint = effective == CachePolicy.BYPASS ? null : Fingerprint.of(request).orElse(null);
        if (fingerprint == null) {
            return submitNew(id, caller, request, input, null);
        }
        CacheKey key = CacheKey.of(cacheConfig.scope(), caller.ownerHash(), fingerprint);
        CacheMark mark = new CacheMark(fingerprint, key.scope(), effective.name());
        Uni<TaskSnapshot> fromCache = effective == CachePolicy.USE
                ? cache.lookup(key).chain(hit -> hit == null ? Uni.createFrom().nullItem()
                        : tasks.createCached(id, caller, request, mark, hit.images()))
                : Uni.createFrom().nullItem();
        return fromCache
                .chain(hit -> hit != null ? Uni.createFrom().item(hit) : shareOrSubmit(id, caller, request, input, key, mark));
    }

    /** Attaches to an identical generation in flight, or claims the marker and generates. */
    private Uni<TaskSnapshot> shareOrSubmit(String id, Caller caller, GenerationRequest request, ImageRequest input,
            CacheKey key, CacheMark mark) {
        return cache.claim(key, id).chain(inFlight -> {
            if (inFlight == null) {
                return submitNew(id, caller, request, input, mark);
            }
            String leaderId = inFlight.taskId();
            return tasks.find(leaderId).chain(leader -> {
                // The leader claims before it stores its task: a young marker without a task is one being born.
                boolean stale = leader == null
                        ? System.currentTimeMillis() - inFlight.since() > LEADER_GRACE.toMillis()
                        : leader.status() == TaskStatus.FAILED;
                if (stale) {
                    // A marker left behind (its task failed or is gone) must not block: clear it and go alone.
                    return cache.release(key, leaderId).chain(() -> submitNew(id, caller, request, input, mark));
                }
                return tasks.createFollower(id, caller, request, mark, leaderId)
                        .call(follower -> leases.acquire(follower.id()).onFailure().recoverWithNull())
                        .invoke(follower -> tracker.track(follower.id()));
            });
        });
    }

    private Uni<TaskSnapshot> submitNew(String id, Caller caller, GenerationRequest request, ImageRequest input,
            CacheMark mark) {
        UpstreamCreateRequest body = body(request, input, callbacks.urlFor(id).orElse(null));
        return tasks.create(id, caller, request, upstream.write(body), mark)
                // The lease keeps other replicas' scans off the task while this request submits it.
                .call(task -> leases.acquire(task.id()).onFailure().recoverWithNull())
                .chain(task -> upstream.submit(task.id(), caller.apiKey(), body)
                        .invoke(accepted -> tracker.track(accepted.id()))
                        .onFailure(UpstreamUnavailableException.class).recoverWithItem(() -> {
                            tracker.track(task.id());
                            return task;
                        })
                        .onFailure().call(() -> abandon(task.id(), mark)));
    }

    /** The upstream refused: the task goes, and so does its in-flight marker. */
    private Uni<Void> abandon(String taskId, CacheMark mark) {
        Uni<Void> released = mark == null ? Uni.createFrom().voidItem()
                : cache.release(new CacheKey(mark.scope(), mark.fingerprint()), taskId);
        return tasks.discard(taskId).call(() -> leases.release(taskId)).call(() -> released);
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
