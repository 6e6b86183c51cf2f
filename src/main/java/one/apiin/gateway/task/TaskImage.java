package one.apiin.gateway.task;

import java.util.Locale;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One generated image. A kept one has the gateway's own URL path ({@code /images/<token>.<ext>}), its content's hash
 * and the size read from its bytes; any other has the upstream's URL. Images stored before the gateway kept any have
 * no storage (read as {@link ImageStorage#UPSTREAM}).
 */
@RegisterForReflection // serialised with Jackson outside REST endpoints: native images need it
public record TaskImage(String url, Integer width, Integer height, String mimeType, ImageStorage storage, String hash) {

    public TaskImage {
        storage = storage == null ? ImageStorage.UPSTREAM : storage;
    }

    /** An image known only by the upstream's URL. */
    public static TaskImage fromUrl(String url) {
        return new TaskImage(url, null, null, mimeTypeOf(url), ImageStorage.UPSTREAM, null);
    }

    /** An image kept under {@code path}. */
    public static TaskImage kept(String path, String hash, int width, int height, String mimeType) {
        return new TaskImage(path, width, height, mimeType, ImageStorage.KEPT, hash);
    }

    /** The upstream's image, whose copy is still to be made ({@link ImageStorage#PENDING}) or failed. */
    public TaskImage withStorage(ImageStorage newStorage) {
        return new TaskImage(url, width, height, mimeType, newStorage, hash);
    }

    static String mimeTypeOf(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return path.endsWith(".webp") ? "image/webp" : null;
    }
}
