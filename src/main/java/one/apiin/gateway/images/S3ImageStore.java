package one.apiin.gateway.images;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Kept images in an S3-compatible bucket: one object per content, keyed prefix + hash, written once and cached by
 * browsers for a year (the key changes with the content). The client and the presigner are taken only when the store
 * is first used, so that a gateway storing elsewhere needs no S3 setting at all.
 */
@ApplicationScoped
@Typed(S3ImageStore.class) // injected as ImageStore only through ImageStores
public class S3ImageStore implements ImageStore {

    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    /** Most keys one DeleteObjects request takes. */
    static final int DELETE_BATCH = 1000;

    private final Instance<S3AsyncClient> client;
    private final Instance<S3Presigner> presigner;
    private final ImagesConfig.S3 config;

    S3ImageStore(Instance<S3AsyncClient> client, Instance<S3Presigner> presigner, ImagesConfig config) {
        this.client = client;
        this.presigner = presigner;
        this.config = config.s3();
    }

    @Override
    public Uni<Void> put(String hash, byte[] bytes, String mimeType) {
        return call(() -> client.get().putObject(request -> request.bucket(config.bucket()).key(key(hash))
                .contentType(mimeType).cacheControl(CACHE_CONTROL), AsyncRequestBody.fromBytes(bytes)))
                .replaceWithVoid();
    }

    @Override
    public Uni<byte[]> read(String hash) {
        return call(() -> client.get().getObject(request -> request.bucket(config.bucket()).key(key(hash)),
                AsyncResponseTransformer.toBytes()))
                .map(ResponseBytes::asByteArrayUnsafe)
                .onFailure(S3ImageStore::isNoSuchKey).recoverWithNull();
    }

    @Override
    public String presignedUrl(String hash, String mimeType, long lifetimeSeconds) {
        return presigner.get().presignGetObject(request -> request.signatureDuration(Duration.ofSeconds(lifetimeSeconds))
                .getObjectRequest(get -> get.bucket(config.bucket()).key(key(hash)).responseContentType(mimeType)))
                .url().toString();
    }

    @Override
    public Uni<Void> delete(List<String> hashes) {
        List<List<String>> batches = batches(hashes);
        return Multi.createFrom().iterable(batches).onItem().transformToUniAndConcatenate(this::deleteBatch)
                .collect().last().replaceWithVoid();
    }

    @Override
    public String name() {
        return "s3";
    }

    String key(String hash) {
        return config.prefix() + hash;
    }

    private Uni<Void> deleteBatch(List<String> hashes) {
        List<ObjectIdentifier> objects = hashes.stream().map(hash -> ObjectIdentifier.builder().key(key(hash)).build())
                .toList();
        return call(() -> client.get().deleteObjects(request -> request.bucket(config.bucket())
                .delete(Delete.builder().objects(objects).quiet(true).build())))
                .invoke(S3ImageStore::failOnErrors).replaceWithVoid();
    }

    /** Keys already gone are no error (S3 answers them deleted); any other error of one key fails the delete. */
    private static void failOnErrors(DeleteObjectsResponse response) {
        if (response.hasErrors() && !response.errors().isEmpty()) {
            S3Error first = response.errors().get(0);
            throw new IllegalStateException(response.errors().size() + " images not deleted from S3, e.g. "
                    + first.key() + ": " + first.code() + " " + first.message());
        }
    }

    static List<List<String>> batches(List<String> hashes) {
        int count = (hashes.size() + DELETE_BATCH - 1) / DELETE_BATCH;
        return IntStream.range(0, count)
                .mapToObj(i -> hashes.subList(i * DELETE_BATCH, Math.min(hashes.size(), (i + 1) * DELETE_BATCH)))
                .toList();
    }

    /**
     * Deferred: the request is sent at each subscription, not when the Uni is made. The SDK completes on its own
     * threads: the outcome is handed back on the subscriber's Vert.x context, when it has one, so that what follows
     * (Hibernate Reactive, an HTTP answer) runs where it must.
     */
    private static <T> Uni<T> call(Supplier<CompletableFuture<T>> request) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<T> outcome = Uni.createFrom().completionStage(request);
            return caller == null ? outcome : outcome.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private static boolean isNoSuchKey(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof NoSuchKeyException;
    }
}
