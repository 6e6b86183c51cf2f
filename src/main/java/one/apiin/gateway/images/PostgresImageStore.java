package one.apiin.gateway.images;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import io.smallrye.mutiny.Uni;

/** Bytes in PostgreSQL, beside what refers to them: nothing more to run, shared by every replica. */
@ApplicationScoped
@Typed(PostgresImageStore.class) // injected as ImageStore only through ImageStores
class PostgresImageStore implements ImageStore {

    private final ImageRepository repository;

    PostgresImageStore(ImageRepository repository) {
        this.repository = repository;
    }

    @Override
    public Uni<Void> put(String hash, byte[] bytes, String mimeType) {
        return repository.putBytes(hash, bytes);
    }

    @Override
    public Uni<byte[]> read(String hash) {
        return repository.bytes(hash);
    }

    @Override
    public Uni<Void> delete(List<String> hashes) {
        // The bytes go with their content rows (on delete cascade), in the sweep's own transaction: deleting them
        // here, on another connection, would lose them should that transaction roll back.
        return Uni.createFrom().voidItem();
    }

    @Override
    public String name() {
        return "postgres";
    }
}
