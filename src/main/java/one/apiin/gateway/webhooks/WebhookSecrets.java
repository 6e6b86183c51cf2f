package one.apiin.gateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.auth.SecretConfig;

/**
 * Each owner's signing secret ({@code whsec_…}), derived from {@code GATEWAY_SECRET} and the owner (HMAC-SHA256): the
 * same on every replica, stored nowhere, readable by admins (and by the owner) through GraphQL's
 * {@code webhookSecret}. Changing {@code GATEWAY_SECRET} changes every owner's secret.
 */
@ApplicationScoped
public class WebhookSecrets {

    /** 24 bytes: Standard Webhooks asks for 24 to 64. */
    private static final int LENGTH = 24;

    private final SecretKeySpec key;

    WebhookSecrets(SecretConfig config) {
        try {
            byte[] derived = MessageDigest.getInstance("SHA-256")
                    .digest(("webhooks|" + config.secret()).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The owner's secret, as receivers configure it: {@code whsec_} and base64. */
    public String of(String owner) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] secret = mac.doFinal(owner.getBytes(StandardCharsets.UTF_8));
            return WebhookSignature.PREFIX + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(secret, LENGTH));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
