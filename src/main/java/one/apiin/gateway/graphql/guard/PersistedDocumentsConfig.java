package one.apiin.gateway.graphql.guard;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** Documents named by their SHA-256 instead of sent in full: automatic persisted queries, or a trusted list only. */
@ConfigMapping(prefix = "gateway.persisted-documents")
public interface PersistedDocumentsConfig {

    enum Mode {
        /** Documents in full, or by a hash registered before (Apollo's automatic persisted queries). */
        APQ,
        /** Only the documents of the manifest, by hash or in full; nothing can be registered. */
        TRUSTED,
        /** Documents in full only; hashes are not looked at. */
        OFF
    }

    /** apq (documents, or hashes registered before), trusted (the manifest's documents only) or off (no hashes). */
    @WithParentName
    @WithDefault("apq")
    Mode mode();

    /**
     * The trusted documents (trusted mode): a JSON object of SHA-256 hash to document, graphql-codegen's
     * persisted-documents.json.
     */
    Optional<String> manifest();

    /** Most documents the APQ registry keeps (shared by all replicas in Redis); the oldest registered go first. */
    @WithDefault("10000")
    int maxDocuments();

    /** Longest document the APQ registry keeps, in characters; a longer one runs but is not registered. */
    @WithDefault("20000")
    int maxDocumentSize();

    /** Redis key prefix of the APQ registry. */
    @WithDefault("image-gateway:apq:")
    String prefix();
}
