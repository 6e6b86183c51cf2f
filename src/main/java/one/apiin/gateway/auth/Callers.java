package one.apiin.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;

import one.apiin.gateway.error.UnauthenticatedException;

/** Tells who is calling, or refuses the call. */
@ApplicationScoped
public class Callers {

    static final String NO_KEY = "Send your API in One key as 'Authorization: Bearer aio_…' (on websockets, in the "
            + "connection_init payload as {\"Authorization\": \"Bearer aio_…\"}).";

    public Caller require(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthenticatedException(NO_KEY);
        }
        String key = identity.getAttribute(ApiKeyIdentityProvider.API_KEY_ATTRIBUTE);
        if (key == null) {
            throw new UnauthenticatedException(NO_KEY);
        }
        return new Caller(key, identity.getPrincipal().getName());
    }
}
