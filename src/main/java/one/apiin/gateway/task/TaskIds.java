package one.apiin.gateway.task;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.auth.KeyVault;

/**
 * Task ids: {@code tsk_} + 128 random bits + a signature of (random part, owner). Unguessable, and a replica can
 * tell at once, without a database read, whether an id was made for a given owner.
 */
@ApplicationScoped
public class TaskIds {

    private static final String PREFIX = "tsk_";
    private static final int RANDOM_CHARS = 22;
    private static final int TAG_CHARS = 16;

    private final SecureRandom random = new SecureRandom();
    private final KeyVault vault;

    public TaskIds(KeyVault vault) {
        this.vault = vault;
    }

    String newId(String ownerHash) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return PREFIX + nonce + tag(nonce, ownerHash);
    }

    boolean madeFor(String id, String ownerHash) {
        if (id == null || id.length() != PREFIX.length() + RANDOM_CHARS + TAG_CHARS || !id.startsWith(PREFIX)) {
            return false;
        }
        String nonce = id.substring(PREFIX.length(), PREFIX.length() + RANDOM_CHARS);
        return vault.verify(nonce + "|" + ownerHash, id.substring(PREFIX.length() + RANDOM_CHARS), TAG_CHARS);
    }

    private String tag(String nonce, String ownerHash) {
        return vault.sign(nonce + "|" + ownerHash).substring(0, TAG_CHARS);
    }
}
