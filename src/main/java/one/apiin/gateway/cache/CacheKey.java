package one.apiin.gateway.cache;

import java.util.regex.Pattern;

import one.apiin.gateway.auth.ApiKeys;

/** Where a deterministic result is cached: a scope (an owner, or everyone) and the request's fingerprint. */
public record CacheKey(String scope, String fingerprint) {

    static final String SHARED = "shared";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /**
     * The key for an owner's request. An owner that is not already a SHA-256 (a token's {@code iss|sub}, a gateway
     * key's owner) is hashed, so that scopes stay short and free of the separators Redis keys use.
     */
    public static CacheKey of(CacheConfig.Scope scope, String owner, String fingerprint) {
        if (scope == CacheConfig.Scope.SHARED) {
            return new CacheKey(SHARED, fingerprint);
        }
        return new CacheKey("owner-" + (HASH.matcher(owner).matches() ? owner : ApiKeys.sha256Hex(owner)), fingerprint);
    }
}
