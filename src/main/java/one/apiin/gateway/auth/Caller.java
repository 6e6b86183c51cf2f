package one.apiin.gateway.auth;

/**
 * Who is calling: the API in One key (forwarded upstream, never logged or stored in clear) and its SHA-256,
 * which owns the caller's tasks.
 */
public record Caller(String apiKey, String ownerHash) {

    @Override
    public String toString() {
        return "Caller[owner=" + ownerHash.substring(0, 12) + "…]";
    }
}
