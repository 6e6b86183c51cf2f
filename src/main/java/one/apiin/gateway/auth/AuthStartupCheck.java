package one.apiin.gateway.auth;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * Refuses to start with authentication modes that could not work: {@code jwt} without a key to verify tokens with,
 * {@code jwt} or {@code gateway-key} without the gateway's own upstream key. Said at start, not at the first request.
 */
@Startup
@ApplicationScoped
class AuthStartupCheck {

    private static final Logger LOG = Logger.getLogger(AuthStartupCheck.class);

    AuthStartupCheck(AuthConfig auth, UpstreamConfig upstream, Config config) {
        List<String> missing = new ArrayList<>();
        if (auth.modes().isEmpty()) {
            missing.add("GATEWAY_AUTH_MODES must name at least one of jwt, gateway-key, pass-through");
        }
        boolean ownKey = auth.modes().contains(AuthMode.JWT) || auth.modes().contains(AuthMode.GATEWAY_KEY);
        if (ownKey && upstream.apiKey().filter(key -> !key.isBlank()).isEmpty()) {
            missing.add("GATEWAY_UPSTREAM_API_KEY must hold the gateway's own API in One key (aio_…): callers with a"
                    + " token or a gateway key never send one");
        }
        if (auth.modes().contains(AuthMode.JWT)
                && config.getOptionalValue("mp.jwt.verify.publickey", String.class).isEmpty()
                && config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).isEmpty()) {
            missing.add("GATEWAY_AUTH_MODES has jwt: set MP_JWT_VERIFY_PUBLICKEY (a PEM or JWK) or"
                    + " MP_JWT_VERIFY_PUBLICKEY_LOCATION (a JWKS URL), and MP_JWT_VERIFY_ISSUER");
        }
        if (!missing.isEmpty()) {
            String refusal = String.join("; ", missing) + ".";
            LOG.error(refusal);
            throw new IllegalStateException(refusal);
        }
        if (auth.modes().contains(AuthMode.JWT)
                && config.getOptionalValue("mp.jwt.verify.audiences", String.class).isEmpty()) {
            LOG.warn("GATEWAY_AUTH_MODES has jwt but MP_JWT_VERIFY_AUDIENCES is not set: a token the identity provider"
                    + " issued for another application is accepted too. Set it to this gateway's audience.");
        }
        if (auth.modes().contains(AuthMode.JWT) && config.getOptionalValue("mp.jwt.verify.issuer", String.class).isEmpty()) {
            LOG.warn("GATEWAY_AUTH_MODES has jwt but MP_JWT_VERIFY_ISSUER is not set: tokens of any issuer signed with"
                    + " the configured key are accepted.");
        }
    }
}
