package one.apiin.gateway.images;

import java.time.Duration;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;

/**
 * What serving kept images may keep in memory: a content's bytes never change (they are named by their hash), so
 * the most read ones are kept, weighed by their size up to GATEWAY_IMAGES_MEMORY_CACHE; which content a token names
 * is kept a short while only, since retention may delete the token.
 */
@ApplicationScoped
class ImageCache {

    /** How long a token's content is taken as known: a token deleted by retention answers 404 within this. */
    static final Duration TOKEN_LIFE = Duration.ofMinutes(1);

    private final Cache<String, ImageRepository.Content> tokens;
    private final Cache<String, byte[]> bytes;
    private final long largest;

    ImageCache(ImagesConfig config) {
        long capacity = Math.max(0, config.memoryCache());
        this.largest = capacity / 8;
        this.tokens = Caffeine.newBuilder().maximumSize(capacity == 0 ? 0 : 100_000).expireAfterWrite(TOKEN_LIFE)
                .build();
        this.bytes = Caffeine.newBuilder().maximumWeight(capacity)
                .weigher((String hash, byte[] content) -> content.length).build();
    }

    /** The content a token names: from memory, or read (and kept when found). */
    Uni<ImageRepository.Content> content(String token, Function<String, Uni<ImageRepository.Content>> read) {
        ImageRepository.Content known = tokens.getIfPresent(token);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return read.apply(token).invoke(content -> {
            if (content != null) {
                tokens.put(token, content);
            }
        });
    }

    /** A content's bytes: from memory, or read (and kept when not too large a share of the cache). */
    Uni<byte[]> bytes(String hash, Function<String, Uni<byte[]>> read) {
        byte[] known = bytes.getIfPresent(hash);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return read.apply(hash).invoke(content -> {
            if (content != null && content.length <= largest) {
                bytes.put(hash, content);
            }
        });
    }

    /** Forgets what retention deleted, at once on this replica (others forget within {@link #TOKEN_LIFE}). */
    void forget(Iterable<String> deletedTokens, Iterable<String> deletedHashes) {
        tokens.invalidateAll(deletedTokens);
        bytes.invalidateAll(deletedHashes);
    }
}
