package one.apiin.gateway.task;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One generated image. Width and height are null when the upstream does not tell them. */
@RegisterForReflection // serialised with Jackson outside REST endpoints: native images need it
public record TaskImage(String url, Integer width, Integer height, String mimeType) {

    public static TaskImage fromUrl(String url) {
        return new TaskImage(url, null, null, mimeTypeOf(url));
    }

    static String mimeTypeOf(String url) {
        String path = url.toLowerCase(java.util.Locale.ROOT);
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
