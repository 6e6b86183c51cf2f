package one.apiin.gateway.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;

/**
 * Keeps caller keys encrypted at rest (AES-GCM) while their tasks still need upstream calls, and signs
 * values (HMAC-SHA256), both with keys derived from {@code GATEWAY_SECRET}. Every replica must share the secret.
 */
// Created at start, so that production refuses to start without a proper GATEWAY_SECRET (not at the first request).
@Startup
@ApplicationScoped
public class KeyVault {

    private static final Logger LOG = Logger.getLogger(KeyVault.class);

    private static final int IV_BYTES = 12;

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec signingKey;
    private final SecureRandom random = new SecureRandom();
    /** A Mac per thread, keyed once: looking one up and keying it was a measurable share of every request. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public KeyVault(SecretConfig config) {
        String secret = config.secret();
        if (LaunchMode.current() == LaunchMode.NORMAL
                && (SecretConfig.DEV_SECRET.equals(secret) || secret.length() < SecretConfig.MIN_LENGTH)) {
            // Refused rather than warned: a known or short secret lets anyone forge task ids and callback tokens.
            String refusal = "GATEWAY_SECRET must be set to a random value of at least " + SecretConfig.MIN_LENGTH
                    + " characters, the same on every replica (for example the output of 'openssl rand -base64 48'). "
                    + "It encrypts stored keys and signs task ids and callback tokens.";
            // Logged here: the start failure itself is logged without its cause's message.
            LOG.error(refusal);
            throw new IllegalStateException(refusal);
        }
        this.encryptionKey = new SecretKeySpec(derive(secret, "encryption"), "AES");
        this.signingKey = new SecretKeySpec(derive(secret, "signing"), "HmacSHA256");
    }

    public String encrypt(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    public String decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot decrypt a stored key: was GATEWAY_SECRET changed?");
        }
    }

    /** URL-safe HMAC-SHA256 of a value. */
    public String sign(String value) {
        // doFinal resets the Mac to its key, ready for the thread's next value.
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign", e);
        }
    }

    /** Checks a signature in constant time. */
    public boolean verify(String value, String signature) {
        return verify(value, signature, Integer.MAX_VALUE);
    }

    /** Checks, in constant time, a signature cut to its first {@code length} characters. */
    public boolean verify(String value, String signature, int length) {
        String expected = sign(value);
        expected = expected.substring(0, Math.min(length, expected.length()));
        return signature != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] derive(String secret, String purpose) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("image-gateway/" + purpose + "/").getBytes(StandardCharsets.UTF_8));
            return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
