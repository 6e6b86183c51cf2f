package one.apiin.gateway.generation;

import java.util.Optional;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.catalog.OptionChoice;

/**
 * What decides a generation's images, hashed: SHA-256 over an unambiguous encoding (each field named and
 * length-prefixed) of model, trimmed prompt, negative prompt, aspect ratio, number of images, seed, model options
 * and reference images. Only a
 * request with a seed, on a model that honours seeds, is deterministic and so has one.
 */
public final class Fingerprint {

    private static final String VERSION = "v1";

    private Fingerprint() {
    }

    public static Optional<String> of(GenerationRequest request) {
        if (request.seed() == null || !request.model().supportsSeed()) {
            return Optional.empty();
        }
        StringBuilder canonical = new StringBuilder(VERSION);
        field(canonical, "model", request.model().id());
        field(canonical, "prompt", request.prompt());
        field(canonical, "negativePrompt", request.negativePrompt());
        field(canonical, "aspectRatio", request.aspectRatio());
        field(canonical, "numImages", Integer.toString(request.numImages()));
        field(canonical, "seed", Integer.toString(request.seed()));
        modelInputs(canonical, request);
        return Optional.of(ApiKeys.sha256Hex(canonical.toString()));
    }

    /**
     * What identifies a request for idempotent retries: every field it was asked with (seeded or not) and its cache
     * policy, hashed the same way. Two requests with one idempotency key must be equal in all of them.
     */
    static String ofRequest(GenerationRequest request, CachePolicy policy) {
        StringBuilder canonical = new StringBuilder("request-v1");
        field(canonical, "model", request.model().id());
        field(canonical, "prompt", request.prompt());
        field(canonical, "negativePrompt", request.negativePrompt());
        field(canonical, "aspectRatio", request.aspectRatio());
        field(canonical, "numImages", Integer.toString(request.numImages()));
        field(canonical, "seed", request.seed() == null ? null : Integer.toString(request.seed()));
        modelInputs(canonical, request);
        field(canonical, "cache", policy.name());
        return ApiKeys.sha256Hex(canonical.toString());
    }

    /**
     * The model's options (defaults included) and reference images, for models that have them: nothing for the others,
     * whose fingerprints stay what they were before options existed.
     */
    private static void modelInputs(StringBuilder canonical, GenerationRequest request) {
        for (OptionChoice choice : request.options()) {
            field(canonical, "option", choice.option().name());
            field(canonical, "value", choice.value().value());
        }
        for (String url : request.referenceImages()) {
            field(canonical, "referenceImage", url);
        }
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append('|').append(name);
        if (value == null) {
            out.append("=-");
        } else {
            out.append('=').append(value.length()).append(':').append(value);
        }
    }
}
