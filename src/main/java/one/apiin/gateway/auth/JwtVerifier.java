package one.apiin.gateway.auth;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

import one.apiin.gateway.error.UnauthenticatedException;

/**
 * Verifies end users' tokens with smallrye-jwt and the standard MicroProfile JWT settings ({@code MP_JWT_VERIFY_*}):
 * signature, expiry and issuer. The owner is {@code iss|sub}; the {@code groups} claim holding the admin group makes
 * an admin. Refusals say what was wrong, never the token.
 */
@ApplicationScoped
class JwtVerifier {

    private static final Logger LOG = Logger.getLogger(JwtVerifier.class);

    private final JWTParser parser;
    private final AuthConfig config;

    JwtVerifier(JWTParser parser, AuthConfig config) {
        this.parser = parser;
        this.config = config;
    }

    Caller verify(String token, String upstreamKey) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            String reason = reason(e);
            LOG.debugf("Token refused: %s", reason);
            throw new UnauthenticatedException(reason);
        }
        String issuer = jwt.getIssuer();
        String subject = jwt.getSubject();
        if (issuer == null || issuer.isBlank() || subject == null || subject.isBlank()) {
            throw new UnauthenticatedException("The token must carry 'iss' and 'sub' claims: they name its owner.");
        }
        String owner = issuer + "|" + subject;
        if (owner.length() > GatewayKeys.MAX_OWNER) {
            throw new UnauthenticatedException(
                    "The token's issuer and subject are too long together (at most " + GatewayKeys.MAX_OWNER + " characters).");
        }
        boolean admin = jwt.getGroups() != null && jwt.getGroups().contains(config.adminGroup());
        Instant expiresAt = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : null;
        return new Caller(owner, upstreamKey, AuthMode.JWT, admin, null, null, null, null, expiresAt);
    }

    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return "The token has expired: get a new one from your identity provider.";
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "The token was not issued by the issuer this gateway trusts.";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                    return "The token's signature does not match the key this gateway trusts.";
                }
                if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)
                        || invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                    return "The token is not valid yet: check the clock of whoever issued it.";
                }
            }
        }
        return "The token could not be verified: it is malformed, unsigned, or not signed by a key this gateway trusts.";
    }
}
