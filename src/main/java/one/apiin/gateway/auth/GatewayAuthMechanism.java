package one.apiin.gateway.auth;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads {@code Authorization} on HTTP requests and websocket upgrades; Quarkus also runs it on the
 * {@code Authorization} value of a websocket {@code connection_init} payload. Every bearer credential (JWT, gateway
 * key, API in One key) is told apart by {@link GatewayIdentityProvider}. It runs before smallrye-jwt's own
 * mechanism, which therefore never sees a bearer value: a refused credential leaves the request anonymous with the
 * reason, and the GraphQL layer answers UNAUTHENTICATED with it (never a bare HTTP 401).
 */
@ApplicationScoped
public class GatewayAuthMechanism implements HttpAuthenticationMechanism {

    /** Above smallrye-jwt's mechanism (1000). */
    private static final int PRIORITY = 2000;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader("Authorization");
        return authorization == null ? Uni.createFrom().nullItem()
                : identityProviderManager.authenticate(new BearerRequest(authorization));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(BearerRequest.class);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
