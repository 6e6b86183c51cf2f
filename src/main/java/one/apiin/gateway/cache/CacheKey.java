package one.apiin.gateway.cache;

import one.apiin.gateway.auth.ApiKeys;

/** Where a deterministic result is cached: a scope (an owner, or everyone) and the request's fingerprint. */
public record CacheKey(String scope, String fingerprint) {

    static final String SHARED = "shared";

    /** The key for an owner's request (the owner as {@link ApiKeys#ownerKey}). */
    public static CacheKey of(CacheConfig.Scope scope, String owner, String fingerprint) {
        if (scope == CacheConfig.Scope.SHARED) {
            return new CacheKey(SHARED, fingerprint);
        }
        return new CacheKey("owner-" + ApiKeys.ownerKey(owner), fingerprint);
    }
}
