package one.apiin.gateway.generation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.cache.CacheConfig;
import one.apiin.gateway.cache.CacheKey;
import one.apiin.gateway.cache.ResultCache;
import one.apiin.gateway.cache.ResultCache.InFlight;
import one.apiin.gateway.catalog.ModelLifecycle;
import one.apiin.gateway.catalog.ModelOption;
import one.apiin.gateway.catalog.ModelStatus;
import one.apiin.gateway.catalog.OptionChoice;
import one.apiin.gateway.credits.BudgetExceeded;
import one.apiin.gateway.credits.Budgets;
import one.apiin.gateway.credits.Reservation;
import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.GatewayException;
import one.apiin.gateway.error.UpstreamUnavailableException;
import one.apiin.gateway.images.ImageMirror;
import one.apiin.gateway.observability.BusinessMetrics;
import one.apiin.gateway.quota.RateLimiter;
import one.apiin.gateway.task.CacheMark;
import one.apiin.gateway.task.NewTask;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.tracking.TaskTracking;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/**
 * Accepting a generation: check it against the catalog; for a deterministic request, answer from the result cache
 * or share an identical generation in flight; otherwise store the task, hand it to the upstream and follow it. A
 * request the upstream refuses leaves no task behind; one the upstream cannot take now stays QUEUED and is
 * resubmitted in the background until the submission deadline.
 *
 * <p>
 * A deterministic task is stored before it claims the in-flight marker, so that a marker always names a stored
 * task (or one that is gone): a request finding a marker either shares its task's generation, or, when that task
 * is gone or failed, takes the marker over atomically.
 */
@ApplicationScoped
public class GenerationService {

    /** How long a retry waits at most for the task of the first request with its idempotency key to be stored. */
    private static final int REPLAY_TRIES = 100;
    private static final java.time.Duration REPLAY_PAUSE = java.time.Duration.ofMillis(50);

    /** How often a request that keeps losing a stale marker to others tries to share before it generates alone. */
    private static final int SHARE_TRIES = 5;

    private final RequestValidator validator;
    private final TaskService tasks;
    private final TaskTracking tracking;
    private final ResultCache cache;
    private final CacheConfig cacheConfig;
    private final Budgets budgets;
    private final RateLimiter limiter;
    private final ImageMirror mirror;
    private final IdempotencyKeys idempotencyKeys;
    private final ReferenceImages references;
    private final ModelLifecycle lifecycle;
    private final BusinessMetrics metrics;

    public GenerationService(RequestValidator validator, TaskService tasks, TaskTracking tracking, ResultCache cache,
            CacheConfig cacheConfig, Budgets budgets, RateLimiter limiter, ImageMirror mirror,
            IdempotencyKeys idempotencyKeys, ReferenceImages references, ModelLifecycle lifecycle,
            BusinessMetrics metrics) {
        this.references = references;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.mirror = mirror;
        this.idempotencyKeys = idempotencyKeys;
        this.budgets = budgets;
        this.limiter = limiter;
        this.validator = validator;
        this.tasks = tasks;
        this.tracking = tracking;
        this.cache = cache;
        this.cacheConfig = cacheConfig;
    }

    /**
     * A generation asked for at one door ({@code dialect}: graphql, apiinone, openai), counted per door and outcome;
     * the doors translate, this decides.
     */
    public Uni<TaskSnapshot> generate(String dialect, Caller caller, ImageRequest input, CachePolicy policy) {
        Uni<TaskSnapshot> accepted;
        try {
            accepted = accept(dialect, caller, input, policy);
        } catch (RuntimeException refused) {
            accepted = Uni.createFrom().failure(refused);
        }
        return accepted.invoke(task -> metrics.requested(dialect, BusinessMetrics.outcome(task)))
                .onFailure().invoke(failure -> metrics.requested(dialect,
                        failure instanceof GatewayException known ? known.code() : "INTERNAL"));
    }

    private Uni<TaskSnapshot> accept(String dialect, Caller caller, ImageRequest input, CachePolicy policy) {
        GenerationRequest validated = validator.validate(input);
        if (validated.model().status() == ModelStatus.DEPRECATED) {
            lifecycle.deprecatedUsed(validated.model(), caller.owner());
        }
        return references.resolve(caller.owner(), validated)
                .chain(request -> accept(dialect, caller, input, request, policy));
    }

    private Uni<TaskSnapshot> accept(String dialect, Caller caller, ImageRequest input, GenerationRequest request,
            CachePolicy policy) {
        CachePolicy effective = policy == null ? CachePolicy.USE : policy;
        String id = tasks.newId(caller.owner());
        String key = request.idempotencyKey();
        if (key == null) {
            return generate(dialect, caller, request, effective, id);
        }
        return idempotencyKeys.claim(caller.owner(), key, Fingerprint.ofRequest(request, effective), id)
                .chain(claim -> claim == null
                        ? generate(dialect, caller, request, effective, id)
                                .onFailure().call(() -> idempotencyKeys.release(caller.owner(), key, id))
                        : retried(dialect, caller, input, request, effective, claim, REPLAY_TRIES));
    }

    /**
     * A request whose idempotency key was claimed before: the same request gets the task the first one made (once it
     * is stored: the first may still be on its way), another request is refused. A key given back meanwhile (the first
     * was refused, nothing was made) is claimed again.
     */
    private Uni<TaskSnapshot> retried(String dialect, Caller caller, ImageRequest input, GenerationRequest request,
            CachePolicy policy, IdempotencyKeys.Claim claim, int tries) {
        if (!claim.requestHash().equals(Fingerprint.ofRequest(request, policy))) {
            return Uni.createFrom().failure(new BadUserInputException(List.of(new BadUserInputException.FieldError(
                    "idempotencyKey", "idempotencyKey was already used for another request in the last 24 hours:"
                            + " send a new key for a new request"))));
        }
        return tasks.findOwned(claim.taskId(), caller.owner()).onItem().ifNull().switchTo(() -> tries <= 0
                ? Uni.createFrom().failure(new UpstreamUnavailableException("The first request with this"
                        + " idempotencyKey is still being accepted; try again in a moment."))
                : Uni.createFrom().voidItem().onItem().delayIt().by(REPLAY_PAUSE)
                        .chain(() -> idempotencyKeys.find(caller.owner(), request.idempotencyKey()))
                        .chain(again -> again == null
                                ? accept(dialect, caller, input, policy)
                                : retried(dialect, caller, input, request, policy, again, tries - 1)));
    }

    private Uni<TaskSnapshot> generate(String dialect, Caller caller, GenerationRequest request, CachePolicy effective,
            String id) {
        String fingerprint = effective == CachePolicy.BYPASS ? null : Fingerprint.of(request).orElse(null);
        Reservation reservation = budgets.reservation(caller, request.credits());
        if (fingerprint == null) {
            UpstreamCreateRequest body = body(request, tracking.callbackUrl(id).orElse(null));
            return limiter.admitRequest(caller).chain(() -> withSlot(caller, id,
                    () -> store(caller, newTask(dialect, id, caller, request, null), body, reservation)
                            .chain(task -> submit(caller, task, body, null, null))));
        }
        CacheKey key = CacheKey.of(cacheConfig.scope(), caller.owner(), fingerprint);
        NewTask task = newTask(dialect, id, caller, request,
                new CacheMark(fingerprint, key.scope(), effective.name()));
        Uni<TaskSnapshot> fromCache = effective == CachePolicy.USE ? fromCache(key, task) : Uni.createFrom().nullItem();
        return limiter.admitRequest(caller).chain(() -> fromCache).onItem().ifNull()
                .switchTo(() -> withSlot(caller, id, () -> storeAndShare(caller, task, request, key, reservation)));
    }

    /**
     * Runs a miss holding one of the caller's slots for tasks not yet ended: the task's end frees it, and so does a
     * refusal (nothing then runs).
     */
    private Uni<TaskSnapshot> withSlot(Caller caller, String id, Supplier<Uni<? extends TaskSnapshot>> miss) {
        return limiter.admitTask(caller, id).<TaskSnapshot> chain(miss).onFailure()
                .call(() -> limiter.release(caller.owner(), id));
    }

    /**
     * A miss: the task is stored (its price reserved), then claims the in-flight marker, and generates or shares
     * (its reservation then given back). A request over budget is still stored, unreserved, in case it can share;
     * should it have to generate, it reserves then, or is refused.
     */
    private Uni<TaskSnapshot> storeAndShare(Caller caller, NewTask task, GenerationRequest request, CacheKey key,
            Reservation reservation) {
        // Built here, not before the lookup: a cache hit needs no upstream body (nor the callback URL's signature).
        UpstreamCreateRequest body = body(request, tracking.callbackUrl(task.id()).orElse(null));
        return store(caller, task, body, reservation).map(snapshot -> new Stored(snapshot, null))
                .onFailure(BudgetExceeded.class).recoverWithUni(() -> store(caller, task, body, null)
                        .map(snapshot -> new Stored(snapshot, reservation)))
                .chain(stored -> cache.claim(key, task.id())
                        .chain(holder -> shareOrSubmit(caller, stored.task(), body, key, holder, SHARE_TRIES,
                                stored.unreserved())));
    }

    /** A stored task, and the reservation it still has to make should it generate (null when none). */
    private record Stored(TaskSnapshot task, Reservation unreserved) {
    }

    /** A new task of the caller's own, SUCCEEDED at once with the cached images; null on a miss. */
    private Uni<TaskSnapshot> fromCache(CacheKey key, NewTask task) {
        return cache.lookup(key).onItem().ifNotNull().transformToUni(hit -> {
            ImageMirror.Reissue reissue = mirror.reissue(task.id(), hit.images());
            return tasks.createCached(task, reissue.images(), reissue.references());
        });
    }

    /**
     * Stores the task, reserving its price when given. A reservation that does not fit stores nothing: a
     * deterministic request fails {@link BudgetExceeded} (it may still share), any other is refused.
     */
    private Uni<TaskSnapshot> store(Caller caller, NewTask task, UpstreamCreateRequest body, Reservation reservation) {
        return tasks.create(task, caller.upstreamKey(), tracking.serialize(body), reservation)
                .onFailure(e -> e instanceof BudgetExceeded && task.mark() == null)
                .recoverWithUni(e -> budgets.refusal(caller, reservation, (BudgetExceeded) e)
                        .chain(refusal -> Uni.createFrom().failure(refusal)));
    }

    /**
     * With the marker ({@code holder} null), generates; else shares the holder's generation, or, when the holder's
     * task is gone or failed, takes the marker over (atomically: of many requests finding the same stale holder, one
     * generates and the others share its generation).
     */
    private Uni<TaskSnapshot> shareOrSubmit(Caller caller, TaskSnapshot task, UpstreamCreateRequest body, CacheKey key,
            InFlight holder, int tries, Reservation unreserved) {
        if (holder == null) {
            return submit(caller, task, body, key, unreserved);
        }
        return tasks.attach(task.id(), holder.taskId())
                .call(follower -> follower == null ? Uni.createFrom().voidItem() : tracking.follow(follower.id()))
                .onItem().ifNull().switchTo(() -> cache.replace(key, holder.taskId(), task.id())
                        .chain(next -> next == null || tries <= 1 ? submit(caller, task, body, key, unreserved)
                                : shareOrSubmit(caller, task, body, key, next, tries - 1, unreserved)));
    }

    /**
     * Hands the stored task to the upstream, after reserving its price if it still has to; if it fails (a refusal,
     * the budget's included), the task goes and its in-flight marker with it.
     */
    private Uni<TaskSnapshot> submit(Caller caller, TaskSnapshot task, UpstreamCreateRequest body, CacheKey key,
            Reservation unreserved) {
        Uni<Void> reserved = unreserved == null ? Uni.createFrom().voidItem()
                : tasks.reserve(task.id(), unreserved).onFailure(BudgetExceeded.class)
                        .recoverWithUni(e -> budgets.refusal(caller, unreserved, (BudgetExceeded) e)
                                .call(refusal -> tasks.refused(task.id(), refusal.code(), refusal.getMessage()))
                                .chain(refusal -> Uni.createFrom().failure(refusal)));
        return reserved.chain(() -> tracking.submit(task, caller.upstreamKey(), body))
                .onFailure().call(() -> key == null ? Uni.createFrom().voidItem() : cache.release(key, task.id()));
    }

    private static NewTask newTask(String dialect, String id, Caller caller, GenerationRequest request,
            CacheMark mark) {
        return new NewTask(id, caller.owner(), request.model().id(), request.prompt(), request.negativePrompt(),
                request.aspectRatio(), request.numImages(), request.seed(), request.creditsPerImage(), mark,
                request.requestedModel(), request.optionValues(), dialect);
    }

    /**
     * The upstream body: model, number of images and aspect ratio always (the values the gateway applied,
     * validated and priced), the other optional fields only when the caller sent them; every option of the model
     * (defaults included: what is priced is what is sent) under the upstream's name and value, an option sent as the
     * model in place of the catalog's id; the reference images under the model's own field.
     */
    static UpstreamCreateRequest body(GenerationRequest request, String callbackUrl) {
        String model = request.model().id();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (OptionChoice choice : request.options()) {
            if (choice.option().upstreamName().equals(ModelOption.AS_MODEL)) {
                model = choice.value().upstreamValue();
            } else {
                parameters.put(choice.option().upstreamName(), choice.value().upstreamValue());
            }
        }
        if (!request.referenceImages().isEmpty()) {
            parameters.put(request.model().referenceImagesField(), request.referenceImages());
        }
        return new UpstreamCreateRequest(model, request.prompt(), request.aspectRatio(), request.negativePrompt(),
                request.numImages(), request.seed(), callbackUrl, parameters);
    }
}
