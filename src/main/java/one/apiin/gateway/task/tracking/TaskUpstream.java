package one.apiin.gateway.task.tracking;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.upstream.ApiInOneClient;
import one.apiin.gateway.upstream.UpstreamCreateRequest;

/** The upstream calls a task needs, each followed by the change it makes to the task. */
@ApplicationScoped
class TaskUpstream {

    private final ApiInOneClient client;
    private final TaskService tasks;
    private final ModelCatalog catalog;
    private final ObjectMapper mapper;

    TaskUpstream(ApiInOneClient client, TaskService tasks, ModelCatalog catalog, ObjectMapper mapper) {
        this.client = client;
        this.tasks = tasks;
        this.catalog = catalog;
        this.mapper = mapper;
    }

    /** Hands a stored task to the upstream; the task becomes RUNNING. Fails with the contract's codes. */
    Uni<TaskSnapshot> submit(String taskId, String apiKey, UpstreamCreateRequest body) {
        return client.create(apiKey, body).chain(accepted -> tasks.accepted(taskId, accepted));
    }

    Uni<TaskSnapshot> submit(TaskService.Tracked tracked) {
        return submit(tracked.id(), tracked.apiKey(), read(tracked.upstreamRequest()));
    }

    /** One status poll; completes with the new state, or null when nothing the Task shows changed. */
    Uni<TaskSnapshot> poll(TaskService.Tracked tracked) {
        int credits = catalog.find(tracked.model()).map(ImageModel::creditsPerImage).orElse(0) * tracked.numImages();
        return client.status(tracked.apiKey(), tracked.upstreamTaskId())
                .chain(answer -> tasks.observed(tracked.id(), answer, credits));
    }

    String write(UpstreamCreateRequest body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An upstream request cannot be written", e);
        }
    }

    private UpstreamCreateRequest read(String json) {
        try {
            return mapper.readValue(json, UpstreamCreateRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored upstream request cannot be read", e);
        }
    }
}
