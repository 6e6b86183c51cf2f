package one.apiin.gateway.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.smallrye.mutiny.Uni;

/**
 * The simulated upstream API: {@code POST /simulator/api/v1/images/generations} and
 * {@code GET /simulator/api/v1/tasks/{task_id}}, with the contract of API in One.
 *
 * <p>
 * Always served; the gateway only calls it when {@code GATEWAY_UPSTREAM_URL} points at
 * {@code …/simulator}. Failures are injected by prompt markers (see {@link PromptMarkers}) or through
 * {@link SimulatorControlResource}.
 */
@Path("/simulator/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {

    private final SimulatorStats stats;
    private final FailureInjector failures;
    private final CreateRequestReader requests;
    private final TaskFactory tasks;
    private final CallbackNotifier callbacks;
    private final SimulatedBilling credits;

    SimulatorResource(SimulatorStats stats, FailureInjector failures, CreateRequestReader requests,
            TaskFactory tasks, CallbackNotifier callbacks, SimulatedBilling credits) {
        this.credits = credits;
        this.stats = stats;
        this.failures = failures;
        this.requests = requests;
        this.tasks = tasks;
        this.callbacks = callbacks;
    }

    @POST
    @Path("images/generations")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
            @Context UriInfo uriInfo) {
        stats.createAttempted();
        SimulatorKeys.require(authorization);
        stats.keyUsed(authorization);
        long now = System.currentTimeMillis();
        failures.failCreateIfInjected(now);
        CreateRequest request = requests.read(body);
        PromptMarkers markers = PromptMarkers.parse(request.prompt());
        markers.createStatus().ifPresent(status -> {
            throw status == 401 ? SimulatorKeys.refused(authorization)
                    : SimulatorException.of(status, status == 429 ? 1 : null);
        });
        SimulatedTaskId task = tasks.create(request, markers, now);
        String taskId = task.encode();
        failures.notKnownFor(taskId, markers.pollsNotFound());
        // Created, and billed when it completes, whether or not the caller waits for the answer or follows it.
        stats.created(taskId, authorization, task.endsAtMillis(),
                task.failing() || task.pending() ? 0 : credits.of(request.model(), task.numImages()));
        if (!markers.answersWithImages()) {
            // An answer that carried the images left nothing to call back about.
            request.callbackUri().ifPresent(url -> callbacks.schedule(url, taskId, task));
        }
        Response answer = answer(markers, taskId, task, uriInfo);
        long delay = Math.max(markers.createDelayMillis().orElse(0), failures.createDelayMillis());
        return delay == 0 ? Uni.createFrom().item(answer)
                : Uni.createFrom().item(answer).onItem().delayIt().by(Duration.ofMillis(delay));
    }

    private static Response answer(PromptMarkers markers, String taskId, SimulatedTaskId task, UriInfo uriInfo) {
        if (markers.answersWithImages()) {
            boolean withId = !markers.createAnswer().orElseThrow().equals(PromptMarkers.IMAGES_WITHOUT_ID);
            return imagesAnswer(withId ? taskId : null, task, uriInfo);
        }
        return markers.createAnswer().map(odd -> oddAnswer(odd, taskId))
                .orElseGet(() -> Response.ok(ApiEnvelope.success(new CreatedTask(taskId, SimulatedTaskView.IN_PROGRESS)))
                        .build());
    }

    /** The finished images in the create answer itself, with the id of the (already completed) task or without. */
    private static Response imagesAnswer(String taskId, SimulatedTaskId task, UriInfo uriInfo) {
        List<CreatedWithImages.Image> images = TaskProgress.imageUrls(task, SimulatorImageResource.baseUrl(uriInfo))
                .stream().map(CreatedWithImages.Image::new).toList();
        return Response.ok(ApiEnvelope.success(new CreatedWithImages(taskId, CreatedWithImages.COMPLETED, images)))
                .build();
    }

    /**
     * A 2xx a careless upstream might send, or the 504 page of a proxy that gave up waiting for it: the task is created
     * all the same.
     */
    private static Response oddAnswer(String kind, String taskId) {
        switch (kind) {
            case PromptMarkers.PROXY_TIMEOUT:
                return Response.status(504).type(MediaType.TEXT_HTML)
                        .entity("<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway "
                                + "Time-out</h1></center><hr><center>nginx</center></body></html>")
                        .build();
            case "camelid":
                return Response.ok(Map.of("code", 200, "message", "success",
                        "data", Map.of("taskId", taskId, "status", SimulatedTaskView.IN_PROGRESS))).build();
            case "noid":
                return Response.ok(Map.of("code", 200, "message", "success",
                        "data", Map.of("status", SimulatedTaskView.IN_PROGRESS))).build();
            case "longid":
                return Response.ok(Map.of("code", 200, "message", "success",
                        "data", Map.of("task_id", taskId + "x".repeat(300), "status", SimulatedTaskView.IN_PROGRESS)))
                        .build();
            default:
                return Response.ok("<html>accepted</html>", MediaType.TEXT_HTML).build();
        }
    }

    @GET
    @Path("tasks/{taskId}")
    public ApiEnvelope<SimulatedTaskView> status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("taskId") String taskId, @Context UriInfo uriInfo) {
        stats.polled(taskId);
        SimulatorKeys.require(authorization);
        stats.keyUsed(authorization);
        long now = System.currentTimeMillis();
        failures.failPollIfInjected(now);
        failures.failPollIfNotKnownYet(taskId);
        SimulatedTaskId task = SimulatedTaskId.decode(taskId).orElseThrow(() -> SimulatorException.of(404, null));
        if (task.pollFailing()) {
            throw SimulatorException.of(500, null);
        }
        return ApiEnvelope.success(TaskProgress.view(taskId, task, now, SimulatorImageResource.baseUrl(uriInfo)));
    }
}
