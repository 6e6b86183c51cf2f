package one.apiin.gateway.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;

/** Turns an accepted create request into the self-describing task id. */
@ApplicationScoped
class TaskFactory {

    private final SimulatorConfig config;
    private final ModelCatalog catalog;

    TaskFactory(SimulatorConfig config, ModelCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    SimulatedTaskId create(CreateRequest request, PromptMarkers markers, long nowMillis) {
        ImageSize size = markers.size().orElseGet(() -> ImageSize.forAspectRatio(request.aspectRatio()));
        // A create answer that carries the images has nothing left to run: the task is done when it is created.
        boolean done = markers.answersWithImages();
        long durationMillis = done ? 0 : markers.durationMillis().orElseGet(() -> duration(request.model()).toMillis());
        int numImages = markers.imagesMade(request.numImages() == null ? 1 : request.numImages());
        return new SimulatedTaskId(nowMillis, Math.max(0, durationMillis), numImages, size.width(), size.height(),
                markers.fail() && !done, markers.pollFailure(), imageSeed(request), request.model(),
                markers.pending() && !done, markers.expireMillis(), markers.imageDelayMillis(), markers.inline());
    }

    /** Like the model it stands for: the catalog's typical time of the model, unless one time is set for all. */
    Duration duration(String model) {
        return config.duration().orElseGet(() -> catalog.find(model).map(ImageModel::typicalSeconds)
                .map(seconds -> Duration.ofMillis(Math.round(seconds * 1000)))
                .orElse(config.unknownModelDuration()));
    }

    /**
     * First 64 bits of SHA-256 over {@code model|prompt|negative_prompt|aspect_ratio|seed}: a seeded
     * request always yields the same pictures; an unseeded one mixes in randomness, like a real model.
     */
    static long imageSeed(CreateRequest request) {
        String seed = request.seed() != null
                ? request.seed().toString()
                : "unseeded:" + ThreadLocalRandom.current().nextLong();
        String material = String.join("|", Objects.toString(request.model(), ""),
                Objects.toString(request.prompt(), ""), Objects.toString(request.negativePrompt(), ""),
                Objects.toString(request.aspectRatio(), ""), seed);
        return ByteBuffer.wrap(sha256(material.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
