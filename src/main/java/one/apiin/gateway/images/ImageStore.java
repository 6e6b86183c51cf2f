package one.apiin.gateway.images;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Where the bytes of kept images live, content-addressed: one object per distinct content, named by the SHA-256 of
 * its bytes (lower-case hex). What refers to them (owners' URLs, retention) is kept in PostgreSQL by
 * the gateway, whatever the store.
 */
public interface ImageStore {

    /** Stores the bytes under their hash; storing the same content again is harmless. */
    Uni<Void> put(String hash, byte[] bytes, String mimeType);

    /** The bytes of one content, to serve them; fails when the store cannot be read, null when they are gone. */
    Uni<byte[]> read(String hash);

    /**
     * A URL a browser may fetch the content from directly for {@code lifetime seconds}, or null where this store
     * serves through the gateway only.
     */
    default String presignedUrl(String hash, String mimeType, long lifetimeSeconds) {
        return null;
    }

    /** Deletes these contents; contents already gone are no error. */
    Uni<Void> delete(List<String> hashes);

    /** A name for logs and metrics: postgres, s3. */
    String name();
}
