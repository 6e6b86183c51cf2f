package one.apiin.gateway.auth;

import java.time.Instant;

/**
 * Who is calling: the owner of what they create and see, the API in One key their upstream calls use (theirs,
 * forwarded, or the gateway's own; never logged or stored in clear), and what bounds their credential.
 *
 * @param owner the owner: the SHA-256 of an {@code aio_} key, a JWT's {@code iss|sub}, or a gateway key's owner
 * @param mode how the caller authenticated
 * @param admin whether the caller may manage gateway keys and see every owner's usage
 * @param gatewayKeyId the gateway key used, when {@code mode} is {@link AuthMode#GATEWAY_KEY}
 * @param budgetCredits the gateway key's own budget per period, overriding the default; null for the default
 * @param rateLimitPerMinute the gateway key's own rate limit, overriding the default; null for the default
 * @param concurrentTasks the gateway key's own limit of tasks not ended, overriding the default; null for the default
 * @param expiresAt when the credential stops working (a token's {@code exp}, a key's expiry); null for never
 */
public record Caller(String owner, String upstreamKey, AuthMode mode, boolean admin, String gatewayKeyId,
        Integer budgetCredits, Integer rateLimitPerMinute, Integer concurrentTasks, Instant expiresAt) {

    /** A caller with their own API in One key: the owner is its SHA-256. */
    public static Caller passThrough(String apiKey) {
        return new Caller(ApiKeys.sha256Hex(apiKey), apiKey, AuthMode.PASS_THROUGH, false, null, null, null, null, null);
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Caller[" + mode + ", owner=" + (owner.length() > 12 ? owner.substring(0, 12) + "…" : owner) + "]";
    }
}
