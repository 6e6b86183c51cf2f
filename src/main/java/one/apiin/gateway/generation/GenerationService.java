package one.apiin.gateway.generation;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.error.UpstreamUnavailableException;
import one.apiin.gateway.task.TaskLeases;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskTracker;
import one.apiin.gateway.task.TaskUpstream;
import one.apiin.gateway.task.UpstreamCallbacks;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/**
 * Accepting a generation: check it against the catalog, store the task, hand it to the upstream, follow it.
 * A request the upstream refuses leaves no task behind; one the upstream cannot take now (network errors, 5xx)
 * stays QUEUED and is resubmitted in the background until the submission deadline.
 */
@ApplicationScoped
public class GenerationService {

    private final RequestValidator validator;
    private final TaskService tasks;
    private final TaskUpstream upstream;
    private final TaskLeases leases;
    private final TaskTracker tracker;
    private final UpstreamCallbacks callbacks;

    public GenerationService(RequestValidator validator, TaskService tasks, TaskUpstream upstream, TaskLeases leases,
            TaskTracker tracker, UpstreamCallbacks callbacks) {
        this.callbacks = callbacks;
        this.validator = validator;
        this.tasks = tasks;
        this.upstream = upstream;
        this.leases = leases;
        this.tracker = tracker;
    }

    public Uni<TaskSnapshot> generate(Caller caller, ImageRequest input) {
        GenerationRequest request = validator.validate(input);
        String id = tasks.newId(caller.ownerHash());
        UpstreamCreateRequest body = body(request, input, callbacks.urlFor(id).orElse(null));
        return tasks.create(id, caller, request, upstream.write(body))
                // The lease keeps other replicas' scans off the task while this request submits it.
                .call(task -> leases.acquire(task.id()).onFailure().recoverWithNull())
                .chain(task -> upstream.submit(task.id(), caller.apiKey(), body)
                        .invoke(accepted -> tracker.track(accepted.id()))
                        .onFailure(UpstreamUnavailableException.class).recoverWithItem(() -> {
                            tracker.track(task.id());
                            return task;
                        })
                        .onFailure().call(() -> tasks.discard(task.id()).call(() -> leases.release(task.id()))));
    }

    /** The upstream gets the model always, and otherwise only what the caller sent, with its defaults left to it. */
    static UpstreamCreateRequest body(GenerationRequest request, ImageRequest input, String callbackUrl) {
        return new UpstreamCreateRequest(request.model().id(), request.prompt(),
                input.aspectRatio() == null ? null : request.aspectRatio(),
                request.negativePrompt(),
                input.numImages() == null ? null : request.numImages(),
                request.seed(), callbackUrl);
    }
}
