package one.apiin.gateway.generation;

import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.cache.CacheConfig;
import one.apiin.gateway.cache.CacheKey;
import one.apiin.gateway.cache.ResultCache;

/**
 * The price of a generation before it is asked for: the input rules of {@link GenerationService}, then the catalog's
 * price and one read of the caller's result cache. Nothing is stored, sent upstream, reserved or counted against a
 * rate limit.
 */
@ApplicationScoped
public class Estimates {

    private final RequestValidator validator;
    private final ResultCache cache;
    private final CacheConfig cacheConfig;

    private final ReferenceImages references;

    public Estimates(RequestValidator validator, ResultCache cache, CacheConfig cacheConfig,
            ReferenceImages references) {
        this.references = references;
        this.validator = validator;
        this.cache = cache;
        this.cacheConfig = cacheConfig;
    }

    /**
     * Fails {@code BAD_USER_INPUT} as generateImage would. {@code cached} only where generateImage would answer from
     * the cache: a deterministic request under the USE policy whose result is cached for the caller.
     */
    public Uni<Estimate> estimate(Caller caller, ImageRequest input, CachePolicy policy) {
        return references.resolve(caller.owner(), validator.validate(input))
                .chain(request -> estimate(caller, request, policy));
    }

    private Uni<Estimate> estimate(Caller caller, GenerationRequest request, CachePolicy policy) {
        String fingerprint = policy == null || policy == CachePolicy.USE ? Fingerprint.of(request).orElse(null) : null;
        Uni<Boolean> cached = fingerprint == null ? Uni.createFrom().item(false)
                : cache.lookup(CacheKey.of(cacheConfig.scope(), caller.owner(), fingerprint)).map(Objects::nonNull);
        return cached.map(hit -> new Estimate(request.model().id(), request.creditsPerImage(),
                request.credits(), hit));
    }
}
