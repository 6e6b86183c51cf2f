package one.apiin.gateway.graphql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;

/** The GraphQL Task: built from one snapshot, so that no field needs a database read of its own. */
@Type("Task")
public record TaskView(
        @NonNull @Id @Description("Gateway task id: random and unguessable") String id,
        @NonNull TaskStatus status,
        @Description("0..100 where the upstream reports it") Integer progress,
        @NonNull String model,
        @NonNull String prompt,
        String negativePrompt,
        @NonNull String aspectRatio,
        @NonNull int numImages,
        Integer seed,
        @NonNull @Description("Empty until SUCCEEDED") List<@NonNull ImageView> images,
        @NonNull @Description("Credits this task cost its owner: creditsPerImage x numImages on success, 0 for a cache hit or a failure") int creditsCharged,
        @NonNull @Description("True when the result came from the deterministic result cache without a new upstream generation") boolean cached,
        TaskErrorView error,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt,
        @NonNull @Description("The model the caller asked for; differs from model when a fallback ran the request on another "
                + "(GATEWAY_CATALOG_FALLBACKS)") String requestedModel,
        @NonNull @Description("Model options applied, defaults included") List<@NonNull TaskOption> options) {

    static TaskView of(TaskSnapshot task, String imageBase) {
        return new TaskView(task.id(), task.status(), task.progress(), task.model(), task.prompt(),
                task.negativePrompt(), task.aspectRatio(), task.numImages(), task.seed(),
                task.images().stream().map(image -> ImageView.of(image, imageBase)).toList(), task.creditsCharged(),
                task.cached(),
                task.errorCode() == null ? null : new TaskErrorView(task.errorCode(), task.errorMessage()),
                task.createdAt().atOffset(ZoneOffset.UTC), task.updatedAt().atOffset(ZoneOffset.UTC),
                task.requestedModel(),
                task.options().entrySet().stream().map(option -> new TaskOption(option.getKey(), option.getValue()))
                        .toList());
    }
}
