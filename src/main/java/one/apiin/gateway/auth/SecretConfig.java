package one.apiin.gateway.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface SecretConfig {

    /** The development value of {@link #secret()}: publicly known, so production warns about it. */
    String DEV_SECRET = "dev-only-secret-change-me";
    /** The shortest secret production accepts. */
    int MIN_LENGTH = 32;

    /**
     * Encrypts stored keys (AES-GCM) and signs task ids and callback tokens (HMAC); the same on every replica.
     * Changing it makes tasks stored before unreadable to the trackers and unsubscribable. Production refuses to start
     * with the development value or one shorter than 32 characters.
     */
    @WithDefault(DEV_SECRET)
    String secret();
}
