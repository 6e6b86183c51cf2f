package one.apiin.gateway.dialects.apiinone;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.dialects.Bodies;
import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.generation.GenerationService;
import one.apiin.gateway.generation.ImageRequest;
import one.apiin.gateway.graphql.CurrentRequest;
import one.apiin.gateway.observability.Traces;
import one.apiin.gateway.support.Echo;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.webhooks.Webhooks;

/**
 * API in One's own REST API, served by the gateway: its clients switch by base URL. The same generation service as
 * {@code generateImage} decides everything; this door only translates bodies, words and errors.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ApiInOneResource {

    static final String DIALECT = "apiinone";

    private final SecurityIdentity identity;
    private final Callers callers;
    private final GenerationService generation;
    private final TaskService tasks;
    private final Webhooks webhooks;
    private final CurrentRequest request;
    private final ObjectMapper mapper;

    ApiInOneResource(SecurityIdentity identity, Callers callers, GenerationService generation, TaskService tasks,
            Webhooks webhooks, CurrentRequest request, ObjectMapper mapper) {
        this.identity = identity;
        this.callers = callers;
        this.generation = generation;
        this.tasks = tasks;
        this.webhooks = webhooks;
        this.request = request;
        this.mapper = mapper;
    }

    /** The upstream's envelope of a successful answer. */
    @RegisterForReflection
    record Envelope(int code, String message, ApiInOneTask data) {
        static Envelope of(ApiInOneTask task) {
            return new Envelope(200, "success", task);
        }
    }

    @POST
    @Path("images/generations")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        String base = request.base();
        return Uni.createFrom().deferred(() -> {
            Caller caller = callers.require(identity);
            Bodies fields = Bodies.read(mapper, body);
            ImageRequest input = new ImageRequest(fields.string("prompt"), fields.string("model"),
                    fields.string("aspect_ratio"), fields.string("negative_prompt"), fields.integer("num_images"),
                    fields.integer("seed"), null, null, idempotencyKey);
            String callbackUrl = fields.string("callback_url");
            Uni<String> callback = callbackUrl == null ? Uni.createFrom().nullItem()
                    : webhooks.checked(callbackUrl, "callback_url");
            return callback.chain(url -> callers.active(identity)
                    .chain(active -> generation.generate(DIALECT, active, input, null))
                    .call(task -> url == null ? Uni.createFrom().voidItem() : webhooks.register(task, url, base)))
                    .invoke(task -> Traces.taskId(task.id()))
                    .map(task -> answer(task, base));
        }).onFailure().recoverWithItem(ApiInOneErrors::of);
    }

    @GET
    @Path("tasks/{task_id}")
    public Uni<Response> task(@PathParam("task_id") String id) {
        String base = request.base();
        return Uni.createFrom().deferred(() -> {
            Traces.taskId(id);
            NotFoundException missing = new NotFoundException("There is no task " + Echo.quoted(id) + " of yours.");
            return callers.active(identity).chain(caller -> tasks.mayBelongTo(id, caller.owner())
                    ? tasks.findOwned(id, caller.owner())
                    : Uni.createFrom().<TaskSnapshot> nullItem())
                    .onItem().ifNull().failWith(missing)
                    .map(task -> answer(task, base));
        }).onFailure().recoverWithItem(ApiInOneErrors::of);
    }

    private static Response answer(TaskSnapshot task, String base) {
        return Response.ok(Envelope.of(ApiInOneTask.of(task, base))).build();
    }
}
