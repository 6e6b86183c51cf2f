package one.apiin.gateway.support;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/** End users' tokens, signed with the tests' own key pair ({@code src/test/resources/jwt}), as an identity provider would. */
public final class Tokens {

    public static final String ISSUER = "https://issuer.gateway.test";
    private static final PrivateKey KEY = load();

    private Tokens() {
    }

    /** A fresh end user's token, valid for an hour. */
    public static String user() {
        return user("user-" + UUID.randomUUID());
    }

    public static String user(String subject) {
        return Jwt.issuer(ISSUER).subject(subject).expiresAt(Instant.now().plusSeconds(3600)).sign(KEY);
    }

    /** A token whose groups make an admin. */
    public static String admin() {
        return Jwt.issuer(ISSUER).subject("admin-" + UUID.randomUUID()).groups(Set.of("gateway-admin"))
                .expiresAt(Instant.now().plusSeconds(3600)).sign(KEY);
    }

    public static String expiringAt(String subject, Instant expiresAt) {
        return Jwt.issuer(ISSUER).subject(subject).issuedAt(expiresAt.minusSeconds(600)).expiresAt(expiresAt).sign(KEY);
    }

    public static String expired() {
        return expiringAt("user-" + UUID.randomUUID(), Instant.now().minusSeconds(600));
    }

    public static String ofIssuer(String issuer) {
        return Jwt.issuer(issuer).subject("user-" + UUID.randomUUID()).expiresAt(Instant.now().plusSeconds(3600)).sign(KEY);
    }

    /** Right issuer and claims, signed by a key the gateway does not trust. */
    public static String forged() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER).subject("user-" + UUID.randomUUID()).groups(Set.of("gateway-admin"))
                    .expiresAt(Instant.now().plusSeconds(3600)).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey load() {
        try {
            return KeyUtils.readPrivateKey("jwt/test-private.pem");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the tests' signing key", e);
        }
    }
}
