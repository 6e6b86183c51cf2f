package one.apiin.gateway.cache;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import one.apiin.gateway.auth.AuthConfig;
import one.apiin.gateway.auth.AuthMode;

/**
 * Refuses a shared cache with pass-through keys unless the operator said so: a pass-through owner is the hash of
 * whatever aio_ string came, and a cache hit never reaches the upstream that would check it, so any string would read
 * every other caller's results.
 */
@Startup
@ApplicationScoped
class CacheStartupCheck {

    private static final Logger LOG = Logger.getLogger(CacheStartupCheck.class);

    CacheStartupCheck(CacheConfig cache, AuthConfig auth) {
        String refusal = refusal(cache, auth);
        if (refusal != null) {
            LOG.error(refusal);
            throw new IllegalStateException(refusal);
        }
    }

    static String refusal(CacheConfig cache, AuthConfig auth) {
        if (cache.scope() == CacheConfig.Scope.SHARED && auth.modes().contains(AuthMode.PASS_THROUGH)
                && !cache.sharedWithPassThrough()) {
            return "GATEWAY_CACHE_SCOPE=shared with pass-through keys in GATEWAY_AUTH_MODES would let any aio_ string,"
                    + " valid or not, read every caller's cached results (a cache hit never asks the upstream): drop"
                    + " pass-through, keep the owner scope, or set GATEWAY_CACHE_SHARED_WITH_PASS_THROUGH=true to accept it.";
        }
        return null;
    }
}
