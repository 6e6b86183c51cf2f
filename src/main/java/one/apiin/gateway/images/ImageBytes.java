package one.apiin.gateway.images;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.task.TaskImage;

/**
 * The bytes of a task's image, for answers that carry them inline (OpenAI's {@code b64_json}): a kept image from the
 * store (through the same cache as {@link ImageResource}), one not kept (yet) from its upstream URL, under the same
 * rules as a copy.
 */
@ApplicationScoped
public class ImageBytes {

    private final ImageStore store;
    private final ImageCache cache;
    private final ImageFetcher fetcher;

    ImageBytes(ImageStore store, ImageCache cache, ImageFetcher fetcher) {
        this.store = store;
        this.cache = cache;
        this.fetcher = fetcher;
    }

    /** The image's bytes; null when they are gone. */
    public Uni<byte[]> of(TaskImage image) {
        if (image.hash() != null) {
            return cache.bytes(image.hash(), store::read);
        }
        return image.url().startsWith("/") ? Uni.createFrom().nullItem() : fetcher.fetch(image.url());
    }
}
