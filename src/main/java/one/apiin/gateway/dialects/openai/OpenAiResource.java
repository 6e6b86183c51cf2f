package one.apiin.gateway.dialects.openai;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelStatus;
import one.apiin.gateway.dialects.Bodies;
import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.BadUserInputException.FieldError;
import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.generation.GenerationService;
import one.apiin.gateway.generation.ImageRequest;
import one.apiin.gateway.graphql.CurrentRequest;
import one.apiin.gateway.images.ImageBytes;
import one.apiin.gateway.observability.Traces;
import one.apiin.gateway.support.Echo;
import one.apiin.gateway.task.TaskImage;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.TaskStatus;
import one.apiin.gateway.task.feed.TaskFeed;

/**
 * OpenAI's images API ({@code POST /v1/images/generations}, {@code GET /v1/models}), served by the gateway so that the
 * OpenAI SDKs and AI gateways can call it: the answer waits for the task's end (at most GATEWAY_OPENAI_WAIT). The same
 * generation service as {@code generateImage} decides everything; this door translates sizes, quality, bodies and
 * errors.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class OpenAiResource {

    static final String DIALECT = "openai";

    private final SecurityIdentity identity;
    private final Callers callers;
    private final GenerationService generation;
    private final ModelCatalog catalog;
    private final TaskFeed feed;
    private final ImageBytes bytes;
    private final CurrentRequest request;
    private final ObjectMapper mapper;
    private final OpenAiConfig config;

    OpenAiResource(SecurityIdentity identity, Callers callers, GenerationService generation, ModelCatalog catalog,
            TaskFeed feed, ImageBytes bytes, CurrentRequest request, ObjectMapper mapper, OpenAiConfig config) {
        this.identity = identity;
        this.callers = callers;
        this.generation = generation;
        this.catalog = catalog;
        this.feed = feed;
        this.bytes = bytes;
        this.request = request;
        this.mapper = mapper;
        this.config = config;
    }

    @RegisterForReflection
    record Images(long created, List<Image> data) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Image(String url, @JsonProperty("b64_json") String b64Json) {
    }

    @RegisterForReflection
    record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
        static Model of(ImageModel model) {
            return new Model(model.id(), "model", 0, model.family());
        }
    }

    @RegisterForReflection
    record Models(String object, List<Model> data) {
    }

    @POST
    @Path("images/generations")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> generate(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        String base = request.base();
        return Uni.createFrom().deferred(() -> {
            callers.require(identity);
            Bodies fields = Bodies.read(mapper, body);
            String format = responseFormat(fields.string("response_format"));
            String modelId = fields.string("model");
            ImageModel model = catalog.find(modelId == null ? "imagen4" : modelId).orElse(null);
            // seed and negative_prompt are the gateway's extensions (OpenAI has neither): a seeded request is
            // deterministic, so it is answered from the result cache and shares identical generations in flight.
            ImageRequest input = new ImageRequest(fields.string("prompt"), modelId,
                    OpenAiTranslation.aspectRatio(fields.string("size"), model), fields.string("negative_prompt"),
                    fields.integer("n"), fields.integer("seed"),
                    OpenAiTranslation.quality(fields.string("quality"), model), null, idempotencyKey);
            return callers.active(identity).chain(caller -> generation.generate(DIALECT, caller, input, null)
                    .invoke(task -> Traces.taskId(task.id()))
                    .chain(task -> ended(task, caller.owner())))
                    .chain(task -> answer(task, format, base));
        }).onFailure().recoverWithItem(OpenAiErrors::of);
    }

    @GET
    @Path("models")
    public Response models() {
        try {
            callers.require(identity);
        } catch (RuntimeException refused) {
            return OpenAiErrors.of(refused);
        }
        return Response.ok(new Models("list", catalog.all().stream()
                .filter(model -> model.status() != ModelStatus.RETIRED).map(Model::of).toList())).build();
    }

    @GET
    @Path("models/{model}")
    public Response model(@PathParam("model") String id) {
        try {
            callers.require(identity);
        } catch (RuntimeException refused) {
            return OpenAiErrors.of(refused);
        }
        return catalog.find(id).filter(model -> model.status() != ModelStatus.RETIRED)
                .map(model -> Response.ok(Model.of(model)).build())
                .orElseGet(() -> OpenAiErrors.modelNotFound(Echo.quoted(id)));
    }

    /** The task once ended; a 504 answer (its id in it) when it does not end in time. */
    private Uni<Object> ended(TaskSnapshot task, String owner) {
        if (task.terminal()) {
            return Uni.createFrom().item(task);
        }
        return feed.follow(task.id(), owner, new NotFoundException("The task went away."))
                .select().where(TaskSnapshot::terminal).toUni().map(Object.class::cast)
                .ifNoItem().after(config.waitTime())
                .recoverWithItem(() -> OpenAiErrors.timedOut(task.id(), config.waitTime().toSeconds()));
    }

    private Uni<Response> answer(Object ended, String format, String base) {
        if (ended instanceof Response timedOut) {
            return Uni.createFrom().item(timedOut);
        }
        TaskSnapshot task = (TaskSnapshot) ended;
        if (task.status() != TaskStatus.SUCCEEDED) {
            return Uni.createFrom().item(OpenAiErrors.failed(task.id(), task.errorCode(), task.errorMessage()));
        }
        Uni<List<Image>> images = format.equals("b64_json") && !task.images().isEmpty()
                ? Uni.join().all(task.images().stream().map(this::inline).toList()).andFailFast()
                : Uni.createFrom().item(task.images().stream()
                        .map(image -> new Image(image.url().startsWith("/") ? base + image.url() : image.url(), null))
                        .toList());
        return images.map(data -> Response.ok(new Images(task.createdAt().getEpochSecond(), data)).build());
    }

    private Uni<Image> inline(TaskImage image) {
        return bytes.of(image).map(content -> {
            if (content == null) {
                throw new NotFoundException("An image of this generation is no longer kept.");
            }
            return new Image(null, Base64.getEncoder().encodeToString(content));
        });
    }

    private static String responseFormat(String format) {
        String value = format == null ? "url" : format.strip().toLowerCase(Locale.ROOT);
        if (!value.equals("url") && !value.equals("b64_json")) {
            throw new BadUserInputException(List.of(new FieldError("response_format",
                    "response_format must be url or b64_json")));
        }
        return value;
    }
}
