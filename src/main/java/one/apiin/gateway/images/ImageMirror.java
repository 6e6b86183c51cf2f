package one.apiin.gateway.images;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.Failures;
import one.apiin.gateway.task.ImageStorage;
import one.apiin.gateway.task.RowsWithTask;
import one.apiin.gateway.task.TaskImage;
import one.apiin.gateway.upstream.UpstreamResponses;

/**
 * Copies a task's images from the upstream into the gateway's store, once each: content-addressed (identical bytes
 * are stored once), each image of each task under a token of its own, the size and type read from the bytes.
 */
@ApplicationScoped
public class ImageMirror {

    private static final Logger LOG = Logger.getLogger(ImageMirror.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Where kept images are served; {@link ImageResource} answers there. */
    public static final String PATH = "/images/";

    private final ImagesConfig config;
    private final ImageFetcher fetcher;
    private final ImageRepository repository;
    private final ImageStore store;
    private final MeterRegistry registry;
    private final Timer copyTime;

    ImageMirror(ImagesConfig config, ImageFetcher fetcher, ImageRepository repository, ImageStore store,
            MeterRegistry registry) {
        this.config = config;
        this.fetcher = fetcher;
        this.repository = repository;
        this.store = store;
        this.registry = registry;
        this.copyTime = Timer.builder("gateway.images.copy").description("Copies of upstream images into the store")
                .register(registry);
    }

    /** Whether the gateway keeps images at all (GATEWAY_IMAGES_STORE is not none). */
    public boolean enabled() {
        return config.store() != ImagesConfig.Store.NONE;
    }

    /**
     * The images of an answer, as the task is to show them: kept where the copy was made within
     * GATEWAY_IMAGES_ANNOUNCE_WAIT (all are copied side by side, so that waits only as long as the slowest one), else
     * the upstream's URL, PENDING (copied later) or FAILED (never can be). Never fails.
     */
    public Uni<List<TaskImage>> keep(String taskId, List<String> urls) {
        if (!enabled()) {
            return Uni.createFrom().item(urls.stream().map(TaskImage::fromUrl).toList());
        }
        List<Uni<TaskImage>> copies = new ArrayList<>();
        for (String url : urls) {
            copies.add(copy(taskId, url, config.announceWait()));
        }
        return Uni.join().all(copies).andFailFast();
    }

    /**
     * Tries once more to copy the PENDING images of a task (the sweep's own rhythm spaces the tries); FAILED once
     * GATEWAY_IMAGES_RETRY_FOR has passed since they were.
     */
    public Uni<List<TaskImage>> retry(String taskId, List<TaskImage> images, Instant pendingSince) {
        boolean last = Instant.now().isAfter(pendingSince.plus(config.retryFor()));
        List<Uni<TaskImage>> copies = new ArrayList<>();
        for (TaskImage image : images) {
            copies.add(image.storage() != ImageStorage.PENDING ? Uni.createFrom().item(image)
                    : copy(taskId, image.url(), Duration.ZERO).map(copied -> last
                            && copied.storage() == ImageStorage.PENDING ? failed(copied) : copied));
        }
        return Uni.join().all(copies).andFailFast();
    }

    /**
     * The kept images of a cached result, referenced anew for a new task (a cache hit): its own tokens, so its own
     * URLs, and the references to write with the task ({@link Reissue#references}, in the task's own INSERT).
     */
    public Reissue reissue(String taskId, List<TaskImage> images) {
        List<String> hashes = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<TaskImage> reissued = new ArrayList<>();
        for (TaskImage image : images) {
            if (image.storage() != ImageStorage.KEPT || image.hash() == null) {
                reissued.add(image);
                continue;
            }
            String token = newToken();
            hashes.add(image.hash());
            tokens.add(token);
            reissued.add(TaskImage.kept(path(token, image.mimeType()), image.hash(), image.width(), image.height(),
                    image.mimeType()));
        }
        return new Reissue(reissued, hashes.isEmpty() ? null
                : repository.referencesWithTask(hashes, tokens, taskId,
                        now()));
    }

    /**
     * A cache hit's images under its own tokens, and the references to them its task's INSERT must write (null when
     * none is kept): if one of the contents is gone (retention deleted it), neither is written, and the hit is a miss.
     */
    public record Reissue(List<TaskImage> images, RowsWithTask references) {
    }

    /**
     * One image copied, trying again within {@code within} (zero: one try); on failure the upstream's image, PENDING
     * or FAILED.
     */
    private Uni<TaskImage> copy(String taskId, String url, Duration within) {
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(within);
        Duration bound = within.isZero() ? config.copyTimeout() : within;
        return copyUntil(taskId, url, deadline, config.retryBackoff())
                .ifNoItem().after(bound).failWith(() -> new ImageFetcher.CopyFailed("the copy took too long", false))
                .invoke(image -> {
                    copyTime.record(Duration.ofNanos(System.nanoTime() - started));
                    counter("gateway.images.kept", "Images copied into the store").increment();
                })
                .onFailure().recoverWithItem(exhausted -> {
                    Throwable failure = cause(exhausted);
                    // The store's own failures may quote what was sent (the bytes): only their kind is told.
                    LOG.debugf("Task %s: an image could not be copied yet (%s)", taskId,
                            failure instanceof ImageFetcher.CopyFailed ? failure.getMessage()
                                    : Failures.causeChain(failure));
                    TaskImage upstream = TaskImage.fromUrl(url);
                    if (permanent(failure)) {
                        LOG.infof("Task %s: an image cannot be kept (%s); it keeps the upstream's URL", taskId,
                                failure.getMessage());
                        return failed(upstream);
                    }
                    return upstream.withStorage(ImageStorage.PENDING);
                });
    }

    /** The copy's own failure, out of Mutiny's "retries exhausted" wrapper. */
    private static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof ImageFetcher.CopyFailed) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ImageFetcher.CopyFailed ? cause : failure;
    }

    /** Copies, trying again after {@code backoff} (doubling) while the failure may pass and the deadline allows. */
    private Uni<TaskImage> copyUntil(String taskId, String url, Instant deadline, Duration backoff) {
        return copyOnce(taskId, url).onFailure().recoverWithUni(failure -> {
            if (permanent(failure) || Instant.now().plus(backoff).isAfter(deadline)) {
                return Uni.createFrom().failure(failure);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff)
                    .chain(() -> copyUntil(taskId, url, deadline, backoff.multipliedBy(2)));
        });
    }

    private TaskImage failed(TaskImage image) {
        counter("gateway.images.failed", "Images the gateway gave up copying").increment();
        return image.withStorage(ImageStorage.FAILED);
    }

    private Uni<TaskImage> copyOnce(String taskId, String url) {
        return download(url).chain(bytes -> {
            ImageFormat.Info info = ImageFormat.read(bytes).orElse(null);
            if (info == null) {
                return Uni.createFrom().failure(new ImageFetcher.CopyFailed("the bytes are not a readable PNG, JPEG "
                        + "or WebP image", true));
            }
            String hash = sha256(bytes);
            String token = newToken();
            ImageRepository.Content content = new ImageRepository.Content(hash, info.mimeType(), bytes.length,
                    info.width(), info.height());
            return repository.record(content, token, taskId, now())
                    .chain(() -> store.put(hash, bytes, info.mimeType())
                            .onFailure().call(() -> repository.forget(token)))
                    .invoke(() -> counter("gateway.images.stored.bytes", "Bytes of images copied into the store")
                            .increment(bytes.length))
                    .replaceWith(TaskImage.kept(path(token, info.mimeType()), hash, info.width(), info.height(),
                            info.mimeType()));
        });
    }

    /** The bytes behind a URL of an answer: downloaded, or decoded when the answer carried them inline. */
    private Uni<byte[]> download(String url) {
        if (!url.startsWith(UpstreamResponses.INLINE)) {
            return fetcher.fetch(url);
        }
        String base64 = url.substring(UpstreamResponses.INLINE.length());
        if (base64.length() / 4 * 3 > config.maxBytes()) {
            return Uni.createFrom().failure(new ImageFetcher.CopyFailed("the image is larger than "
                    + config.maxBytes() + " bytes", true));
        }
        try {
            return Uni.createFrom().item(Base64.getMimeDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new ImageFetcher.CopyFailed("the inline image is not base64", true));
        }
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tag("store", store.name()).register(registry);
    }

    private static boolean permanent(Throwable failure) {
        return failure instanceof ImageFetcher.CopyFailed copyFailed && copyFailed.permanent();
    }

    static String path(String token, String mimeType) {
        return PATH + token + "." + extension(mimeType);
    }

    static String extension(String mimeType) {
        switch (mimeType) {
            case "image/jpeg":
                return "jpg";
            case "image/webp":
                return "webp";
            default:
                return "png";
        }
    }

    /** 192 random bits, base64url: 32 characters. */
    static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
