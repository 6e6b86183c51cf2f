package one.apiin.gateway.generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelOption;
import one.apiin.gateway.catalog.ModelOptionValue;
import one.apiin.gateway.catalog.ModelStatus;
import one.apiin.gateway.catalog.OptionChoice;
import one.apiin.gateway.upstream.ApiInOneClient;
import one.apiin.gateway.upstream.CreateOutcome;

/**
 * For an operator after a deploy: one cheap creation per ACTIVE model against the configured upstream (one image,
 * the first aspect ratio, each option at its cheapest value that needs no reference image), one at a time, and what
 * the upstream answered. The generations are real and billed to the key used; the gateway does not follow them.
 */
@ApplicationScoped
public class SmokeCheck {

    private static final Logger LOG = Logger.getLogger(SmokeCheck.class);
    static final String PROMPT = "A small red circle on a white background (image gateway smoke check)";

    private final ModelCatalog catalog;
    private final ApiInOneClient upstream;

    SmokeCheck(ModelCatalog catalog, ApiInOneClient upstream) {
        this.catalog = catalog;
        this.upstream = upstream;
    }

    /** What the upstream answered for one model. */
    public record Result(String model, String upstreamModel, int credits, String outcome, String upstreamTaskId,
            String message) {
    }

    public Uni<List<Result>> run(String apiKey) {
        List<ImageModel> active = catalog.all().stream().filter(model -> model.status() == ModelStatus.ACTIVE).toList();
        return Multi.createFrom().iterable(active).onItem().transformToUniAndConcatenate(model -> check(apiKey, model))
                .collect().asList();
    }

    private Uni<Result> check(String apiKey, ImageModel model) {
        GenerationRequest request = cheapest(model);
        var body = GenerationService.body(request, null);
        return upstream.createOnce(apiKey, body).map(outcome -> {
            Result result = result(model, body.model(), request.credits(), outcome);
            LOG.infof("Smoke check of %s (%s): %s%s", model.id(), body.model(), result.outcome(),
                    result.message() == null ? "" : ": " + result.message());
            return result;
        });
    }

    static GenerationRequest cheapest(ImageModel model) {
        List<OptionChoice> choices = new ArrayList<>();
        for (ModelOption option : model.options()) {
            option.values().stream().filter(value -> !value.needsReferenceImages())
                    .min(Comparator.comparingInt(ModelOptionValue::creditsPerImage))
                    .or(() -> option.value(option.defaultValue()))
                    .ifPresent(value -> choices.add(new OptionChoice(option, value)));
        }
        String ratio = model.supportsAspectRatio("1:1") ? "1:1" : model.aspectRatios().get(0);
        return new GenerationRequest(model, PROMPT, null, ratio, 1, null, null, model.id(), choices, List.of());
    }

    private static Result result(ImageModel model, String upstreamModel, int credits, CreateOutcome outcome) {
        if (outcome instanceof CreateOutcome.Created created) {
            return new Result(model.id(), upstreamModel, credits, "CREATED", created.task().taskId(), null);
        }
        if (outcome instanceof CreateOutcome.NotCreated refused) {
            return new Result(model.id(), upstreamModel, 0, "REFUSED " + refused.error().code(), null,
                    refused.error().getMessage());
        }
        if (outcome instanceof CreateOutcome.Unreadable unreadable) {
            return new Result(model.id(), upstreamModel, credits, "UNREADABLE", null, unreadable.reason());
        }
        return new Result(model.id(), upstreamModel, credits, "UNKNOWN", null,
                ((CreateOutcome.Unknown) outcome).reason());
    }
}
