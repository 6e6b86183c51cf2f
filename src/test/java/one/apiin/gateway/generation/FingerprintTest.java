package one.apiin.gateway.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelOption;
import one.apiin.gateway.catalog.ModelOptionValue;
import one.apiin.gateway.catalog.OptionChoice;

/**
 * Two requests that could give different images must have different fingerprints, or the cache would serve one
 * the other's images. Every field of {@link GenerationRequest} is varied on its own; a field added to the request
 * without a variation here (and a place in the fingerprint) fails this test.
 */
class FingerprintTest {

    private static final ImageModel IMAGEN4 = new ImageModel("imagen4", "imagen-4", "Imagen 4", 8,
            List.of("1:1", "16:9"), 4, true, true);
    private static final ImageModel ULTRA = new ImageModel("imagen4-ultra", "imagen-4", "Imagen 4 Ultra", 12,
            List.of("1:1", "16:9"), 4, true, true);
    private static final GenerationRequest BASE = new GenerationRequest(IMAGEN4, "a lighthouse", "fog", "1:1", 1, 42);

    private static final ModelOption QUALITY = new ModelOption("quality", "medium",
            List.of(new ModelOptionValue("medium", 8), new ModelOptionValue("high", 28)));

    /** How to change each field of the request into another value that matters. */
    private static final Map<String, UnaryOperator<Object>> VARIATIONS = Map.of(
            "model", value -> ULTRA,
            "prompt", value -> value + " at dawn",
            "negativePrompt", value -> "rain",
            "aspectRatio", value -> "16:9",
            "numImages", value -> 2,
            "seed", value -> 43,
            "idempotencyKey", value -> "retry 2",
            "requestedModel", value -> "imagen4-fast",
            "options", value -> List.of(new OptionChoice(QUALITY, QUALITY.values().get(1))),
            "referenceImages", value -> List.of("https://images.example/a.png"));

    /** Fields that cannot change the images, and why: varying one leaves the fingerprint as it was. */
    private static final Map<String, String> NEUTRAL = Map.of(
            "idempotencyKey", "it names the caller's retries of one request, not anything the upstream draws",
            "requestedModel", "the model that runs draws the images (model), not the retired one that was asked for");

    @Test
    void everyFieldOfTheRequestChangesTheFingerprint() throws Exception {
        String base = Fingerprint.of(BASE).orElseThrow();
        for (RecordComponent component : GenerationRequest.class.getRecordComponents()) {
            UnaryOperator<Object> variation = VARIATIONS.get(component.getName());
            if (variation == null) {
                fail("GenerationRequest." + component.getName() + " is new: add it to the fingerprint (or say here why "
                        + "it cannot change the images) and a variation to this test");
            }
            GenerationRequest changed = with(component, variation.apply(component.getAccessor().invoke(BASE)));
            if (NEUTRAL.containsKey(component.getName())) {
                assertThat(Fingerprint.of(changed).orElseThrow()).as(NEUTRAL.get(component.getName())).isEqualTo(base);
            } else {
                assertThat(Fingerprint.of(changed).orElseThrow()).as(component.getName()).isNotEqualTo(base);
            }
        }
    }

    @Test
    void onlySeededRequestsOnSeedModelsHaveOne() {
        assertThat(Fingerprint.of(new GenerationRequest(IMAGEN4, "a lighthouse", null, "1:1", 1, null))).isEmpty();
        ImageModel seedless = new ImageModel("grok-imagine", "grok", "Grok", 5, List.of("1:1"), 1, false, false);
        assertThat(Fingerprint.of(new GenerationRequest(seedless, "a lighthouse", null, "1:1", 1, 42))).isEmpty();
    }

    @Test
    void fieldsCannotBleedIntoEachOther() {
        // Length-prefixed: moving text from the prompt into the negative prompt is another request.
        GenerationRequest one = new GenerationRequest(IMAGEN4, "a b", "c", "1:1", 1, 42);
        GenerationRequest other = new GenerationRequest(IMAGEN4, "a", "b c", "1:1", 1, 42);
        assertThat(Fingerprint.of(one)).isNotEqualTo(Fingerprint.of(other));
    }

    private static GenerationRequest with(RecordComponent changed, Object value) throws Exception {
        RecordComponent[] components = GenerationRequest.class.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = components[i].getName().equals(changed.getName()) ? value : components[i].getAccessor().invoke(BASE);
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return GenerationRequest.class.getDeclaredConstructor(types).newInstance(values);
    }
}
