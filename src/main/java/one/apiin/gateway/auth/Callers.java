package one.apiin.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.UnauthenticatedException;

/** Tells who is calling, or refuses the call with what to send instead. */
@ApplicationScoped
public class Callers {

    /** A websocket's identity is that of its connection_init: older than this, a gateway key is checked again. */
    private static final Duration RECHECK_AFTER = Duration.ofSeconds(1);

    private final AuthConfig config;
    private final GatewayKeys keys;
    private final String noCredentials;

    Callers(AuthConfig config, GatewayKeys keys) {
        this.config = config;
        this.keys = keys;
        this.noCredentials = "Send " + accepted(config) + " as 'Authorization: Bearer …' (on websockets, in the "
                + "connection_init payload as {\"Authorization\": \"Bearer …\"}).";
    }

    /** The caller, as authenticated with the request (or with the websocket's connection_init). */
    public Caller require(SecurityIdentity identity) {
        if (identity == null) {
            throw new UnauthenticatedException(noCredentials);
        }
        Caller caller = identity.getAttribute(GatewayIdentityProvider.CALLER);
        if (caller == null) {
            String refusal = identity.getAttribute(GatewayIdentityProvider.REFUSAL);
            throw new UnauthenticatedException(refusal != null ? refusal : noCredentials);
        }
        if (caller.expired(Instant.now())) {
            throw new UnauthenticatedException(caller.mode() == AuthMode.JWT
                    ? "The token has expired: get a new one from your identity provider (on websockets, reconnect with it)."
                    : "This gateway key has expired: ask your administrator for a valid one.");
        }
        return caller;
    }

    /**
     * The caller, with a gateway key checked again if the identity was established earlier (a websocket's), so that
     * a revoked key works on no further operation.
     */
    public Uni<Caller> active(SecurityIdentity identity) {
        Caller caller = require(identity);
        Instant at = identity.getAttribute(GatewayIdentityProvider.AUTHENTICATED_AT);
        if (caller.gatewayKeyId() == null || at == null || at.plus(RECHECK_AFTER).isAfter(Instant.now())) {
            return Uni.createFrom().item(caller);
        }
        return keys.unusable(List.of(caller.gatewayKeyId())).map(gone -> {
            if (!gone.isEmpty()) {
                throw revoked();
            }
            return caller;
        });
    }

    /** The caller, who must be an admin. */
    public Caller requireAdmin(SecurityIdentity identity) {
        Caller caller = require(identity);
        if (!caller.admin()) {
            throw new UnauthenticatedException("Only admins may do this: a token whose 'groups' claim holds '"
                    + config.adminGroup() + "'.");
        }
        return caller;
    }

    public static UnauthenticatedException revoked() {
        return new UnauthenticatedException(
                "This gateway key was revoked or has expired: ask your administrator for a valid one.");
    }

    /** The credentials this gateway accepts, for messages. */
    static String accepted(AuthConfig config) {
        List<String> forms = new ArrayList<>();
        if (config.modes().contains(AuthMode.JWT)) {
            forms.add("an access token (JWT) of your identity provider");
        }
        if (config.modes().contains(AuthMode.GATEWAY_KEY)) {
            forms.add("a gateway key (gk_…)");
        }
        if (config.modes().contains(AuthMode.PASS_THROUGH)) {
            forms.add("your API in One key (aio_…)");
        }
        return forms.size() == 1 ? forms.get(0)
                : String.join(", ", forms.subList(0, forms.size() - 1)) + " or " + forms.get(forms.size() - 1);
    }
}
