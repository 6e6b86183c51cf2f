package one.apiin.gateway.auth;

/** How callers may prove who they are ({@code GATEWAY_AUTH_MODES}, any combination). */
public enum AuthMode {
    /** Bearer JWTs of the operator's identity provider; upstream calls use the gateway's own key. */
    JWT,
    /** Keys the gateway issued ({@code gk_…}); upstream calls use the gateway's own key. */
    GATEWAY_KEY,
    /** The caller's own API in One key ({@code aio_…}), forwarded upstream. */
    PASS_THROUGH
}
