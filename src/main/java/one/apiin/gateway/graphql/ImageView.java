package one.apiin.gateway.graphql;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import one.apiin.gateway.task.TaskImage;

@Type("Image")
public record ImageView(@NonNull String url, Integer width, Integer height, String mimeType) {

    static ImageView of(TaskImage image) {
        return new ImageView(image.url(), image.width(), image.height(), image.mimeType());
    }
}
