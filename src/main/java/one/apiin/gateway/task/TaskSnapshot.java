package one.apiin.gateway.task;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A task's state at one version, immutable: what the GraphQL layer serves and what the fan-out carries between
 * replicas. It never holds the caller's key.
 */
@RegisterForReflection // serialised with Jackson outside REST endpoints: native images need it
public record TaskSnapshot(String id, String ownerHash, TaskStatus status, Integer progress, String model,
        String prompt, String negativePrompt, String aspectRatio, int numImages, Integer seed, List<TaskImage> images,
        int creditsCharged, boolean cached, String errorCode, String errorMessage, Instant createdAt,
        Instant updatedAt, long version) {

    public TaskSnapshot {
        images = images == null ? List.of() : List.copyOf(images);
    }

    static TaskSnapshot of(Task task) {
        return new TaskSnapshot(task.id, task.ownerHash, task.status, task.progress, task.model, task.prompt,
                task.negativePrompt, task.aspectRatio, task.numImages, task.seed, images(task),
                task.creditsCharged, task.cached, task.errorCode, task.errorMessage, task.createdAt, task.updatedAt,
                task.version);
    }

    /** The task's images; kept ones that retention deleted say so. */
    private static List<TaskImage> images(Task task) {
        List<TaskImage> images = TaskImages.read(task.images);
        if (task.imagesRemovedAt == null) {
            return images;
        }
        return images.stream().map(image -> image.storage() == ImageStorage.KEPT
                ? image.withStorage(ImageStorage.REMOVED)
                : image).toList();
    }

    /** Whether the two show the same Task, whatever their versions. */
    public boolean showsSameAs(TaskSnapshot other) {
        return withVersion(0).equals(other.withVersion(0));
    }

    private TaskSnapshot withVersion(long newVersion) {
        return new TaskSnapshot(id, ownerHash, status, progress, model, prompt, negativePrompt, aspectRatio, numImages,
                seed, images, creditsCharged, cached, errorCode, errorMessage, createdAt, updatedAt, newVersion);
    }

    /**
     * The row of a task just stored, as far as a change of its state needs it: what it shows, at this version (the
     * columns it does not show were stored empty; see {@link TaskService#create}).
     */
    Task asStored() {
        Task task = new Task();
        task.id = id;
        task.ownerHash = ownerHash;
        task.status = status;
        task.progress = progress;
        task.model = model;
        task.prompt = prompt;
        task.negativePrompt = negativePrompt;
        task.aspectRatio = aspectRatio;
        task.numImages = numImages;
        task.seed = seed;
        task.images = TaskImages.write(images);
        task.creditsCharged = creditsCharged;
        task.cached = cached;
        task.errorCode = errorCode;
        task.errorMessage = errorMessage;
        task.createdAt = createdAt;
        task.updatedAt = updatedAt;
        task.version = version;
        return task;
    }

    public boolean terminal() {
        return status.terminal();
    }
}
