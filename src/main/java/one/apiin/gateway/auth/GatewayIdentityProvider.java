package one.apiin.gateway.auth;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.UnauthenticatedException;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * Turns a bearer credential into a {@link Caller}, by its form: {@code aio_…} (pass-through), {@code gk_…} (a gateway
 * key, checked in PostgreSQL on every request, so that a revoked key works on no further request) or a JWT. A
 * credential refused, or of a mode not enabled, gives an anonymous identity carrying the reason for the caller.
 * The principal's name is the owner: never a key.
 */
@ApplicationScoped
public class GatewayIdentityProvider implements IdentityProvider<BearerRequest> {

    static final String CALLER = "gateway.caller";
    static final String REFUSAL = "gateway.refusal";
    static final String AUTHENTICATED_AT = "gateway.authenticatedAt";

    private final AuthConfig config;
    private final GatewayKeys keys;
    private final JwtVerifier jwt;
    private final Optional<String> gatewayUpstreamKey;

    GatewayIdentityProvider(AuthConfig config, GatewayKeys keys, JwtVerifier jwt, UpstreamConfig upstream) {
        this.config = config;
        this.keys = keys;
        this.jwt = jwt;
        this.gatewayUpstreamKey = upstream.apiKey();
    }

    @Override
    public Class<BearerRequest> getRequestType() {
        return BearerRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerRequest request, AuthenticationRequestContext context) {
        Optional<String> credential = ApiKeys.fromAuthorization(request.authorization());
        if (credential.isEmpty()) {
            return refused("The Authorization value must be 'Bearer ' followed by " + Callers.accepted(config) + ".");
        }
        String value = credential.get();
        if (ApiKeys.isPassThrough(value)) {
            return config.modes().contains(AuthMode.PASS_THROUGH) ? identity(Caller.passThrough(value))
                    : refused("API in One keys (aio_…) are not accepted by this gateway: send " + Callers.accepted(config)
                            + ".");
        }
        if (ApiKeys.isGatewayKey(value)) {
            if (!config.modes().contains(AuthMode.GATEWAY_KEY)) {
                return refused("Gateway keys (gk_…) are not accepted by this gateway: send " + Callers.accepted(config)
                        + ".");
            }
            return keys.usable(value).onItem().transformToUni(key -> key == null
                    ? refused("This gateway key is unknown, revoked or expired: ask your administrator for a valid one.")
                    : identity(new Caller(key.owner, gatewayUpstreamKey.orElse(null), AuthMode.GATEWAY_KEY, false, key.id,
                            key.budgetCredits, key.rateLimitPerMinute, key.concurrentTasks, key.expiresAt)));
        }
        if (!config.modes().contains(AuthMode.JWT)) {
            return refused("This credential is not accepted: send " + Callers.accepted(config) + ".");
        }
        // Parsing may fetch a JWKS (MP_JWT_VERIFY_PUBLICKEY_LOCATION): off the event loop.
        return context.runBlocking(() -> {
            try {
                return build(jwt.verify(value, gatewayUpstreamKey.orElse(null)));
            } catch (UnauthenticatedException e) {
                return refusal(e.getMessage());
            }
        });
    }

    private static Uni<SecurityIdentity> identity(Caller caller) {
        return Uni.createFrom().item(build(caller));
    }

    private static SecurityIdentity build(Caller caller) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.owner()))
                .addAttribute(CALLER, caller)
                .addAttribute(AUTHENTICATED_AT, Instant.now());
        if (caller.admin()) {
            builder.addRole("admin");
        }
        return builder.build();
    }

    private static Uni<SecurityIdentity> refused(String reason) {
        return Uni.createFrom().item(refusal(reason));
    }

    private static SecurityIdentity refusal(String reason) {
        return QuarkusSecurityIdentity.builder().setAnonymous(true).addAttribute(REFUSAL, reason).build();
    }
}
