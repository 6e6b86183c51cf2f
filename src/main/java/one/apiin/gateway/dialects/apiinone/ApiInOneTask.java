package one.apiin.gateway.dialects.apiinone;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

import one.apiin.gateway.task.TaskImage;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;

/**
 * A task in API in One's words, the {@code data} of its envelope: the status words its documentation uses
 * ({@code pending}, {@code in_progress}, {@code completed}, {@code failed}), the images both as {@code images} (with
 * their sizes) and as {@code output.image_urls}, the two forms its clients read.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiInOneTask(@JsonProperty("task_id") String taskId, String status, Integer progress, String model,
        String prompt, @JsonProperty("negative_prompt") String negativePrompt,
        @JsonProperty("aspect_ratio") String aspectRatio, @JsonProperty("num_images") int numImages, Integer seed,
        List<Image> images, Output output, Failure error, @JsonProperty("credits_charged") int creditsCharged,
        boolean cached, @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Image(String url, Integer width, Integer height, @JsonProperty("mime_type") String mimeType) {
    }

    @RegisterForReflection
    record Output(@JsonProperty("image_urls") List<String> imageUrls) {
    }

    @RegisterForReflection
    record Failure(String code, String message) {
    }

    static ApiInOneTask of(TaskSnapshot task, String imageBase) {
        List<Image> images = task.images().stream().map(image -> image(image, imageBase)).toList();
        return new ApiInOneTask(task.id(), status(task.status()), progress(task), task.model(), task.prompt(),
                task.negativePrompt(), task.aspectRatio(), task.numImages(), task.seed(), images,
                images.isEmpty() ? null : new Output(images.stream().map(Image::url).toList()),
                task.errorCode() == null ? null : new Failure(task.errorCode(), task.errorMessage()),
                task.creditsCharged(), task.cached(), task.createdAt().toString(), task.updatedAt().toString());
    }

    static String status(TaskStatus status) {
        return switch (status) {
            case QUEUED -> "pending";
            case RUNNING -> "in_progress";
            case SUCCEEDED -> "completed";
            case FAILED -> "failed";
        };
    }

    private static Integer progress(TaskSnapshot task) {
        return task.status() == TaskStatus.SUCCEEDED ? Integer.valueOf(100) : task.progress();
    }

    private static Image image(TaskImage image, String base) {
        String url = image.url().startsWith("/") ? base + image.url() : image.url();
        return new Image(url, image.width(), image.height(), image.mimeType());
    }
}
