package one.apiin.gateway.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import one.apiin.gateway.task.ImageStorage;
import one.apiin.gateway.task.TaskImage;

@Type("Image")
public record ImageView(
        @NonNull @Description("The gateway's own URL of the image where it keeps results (stable past the upstream's expiry)") String url,
        Integer width, Integer height, String mimeType,
        @Description("Whether the gateway keeps this image (url is its own), still copies it, could not, or removed it past retention") ImageStorage storage) {

    /** A kept image's URL is the gateway's path under {@code base}; any other is the upstream's. */
    static ImageView of(TaskImage image, String base) {
        String url = image.url().startsWith("/") ? base + image.url() : image.url();
        return new ImageView(url, image.width(), image.height(), image.mimeType(), image.storage());
    }
}
