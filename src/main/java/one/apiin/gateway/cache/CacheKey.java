package one.apiin.gateway.cache;

/** Where a deterministic result is cached: a scope (an owner, or everyone) and the request's fingerprint. */
public record CacheKey(String scope, String fingerprint) {

    static final String SHARED = "shared";

    public static CacheKey of(CacheConfig.Scope scope, String ownerHash, String fingerprint) {
        return new CacheKey(scope == CacheConfig.Scope.SHARED ? SHARED : "owner-" + ownerHash, fingerprint);
    }
}
