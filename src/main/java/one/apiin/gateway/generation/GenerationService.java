package one.apiin.gateway.generation;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskTracker;
import one.apiin.gateway.upstream.ApiInOneClient;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/**
 * Accepting a generation: check it against the catalog, store the task, hand it to the upstream, and follow it.
 * A request the upstream refuses leaves no task behind.
 */
@ApplicationScoped
public class GenerationService {

    private final RequestValidator validator;
    private final TaskService tasks;
    private final ApiInOneClient upstream;
    private final TaskTracker tracker;

    public GenerationService(RequestValidator validator, TaskService tasks, ApiInOneClient upstream,
            TaskTracker tracker) {
        this.validator = validator;
        this.tasks = tasks;
        this.upstream = upstream;
        this.tracker = tracker;
    }

    public Uni<TaskSnapshot> generate(Caller caller, ImageRequest input) {
        GenerationRequest request = validator.validate(input);
        return tasks.create(caller, request).chain(task -> upstream.create(caller.apiKey(), body(request, input))
                .chain(accepted -> tasks.accepted(task.id(), accepted))
                .invoke(accepted -> tracker.track(accepted.id()))
                .onFailure().call(() -> tasks.discard(task.id())));
    }

    /** The upstream gets the model always, and otherwise only what the caller sent, with its defaults left to it. */
    static UpstreamCreateRequest body(GenerationRequest request, ImageRequest input) {
        return new UpstreamCreateRequest(request.model().id(), request.prompt(),
                input.aspectRatio() == null ? null : request.aspectRatio(),
                request.negativePrompt(),
                input.numImages() == null ? null : request.numImages(),
                request.seed(), null);
    }
}
