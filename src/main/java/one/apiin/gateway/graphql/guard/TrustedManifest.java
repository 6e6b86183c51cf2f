package one.apiin.gateway.graphql.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import one.apiin.gateway.auth.ApiKeys;

/** The trusted documents of GATEWAY_PERSISTED_DOCUMENTS_MANIFEST (graphql-codegen's persisted-documents.json). */
public final class TrustedManifest {

    private static final Logger LOG = Logger.getLogger(TrustedManifest.class);

    public static final String NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST";
    public static final String NOT_IN_LIST_MESSAGE = "This gateway runs only the documents its operator trusts, and this "
            + "one is not among them: use a document of the application's build (its persisted-documents manifest).";

    private TrustedManifest() {
    }

    /** The manifest's documents by hash, each hash checked against its document; a broken manifest stops the start. */
    public static Map<String, String> load(PersistedDocumentsConfig config) {
        Path path = Path.of(config.manifest().orElseThrow(() -> new IllegalStateException(
                "GATEWAY_PERSISTED_DOCUMENTS=trusted needs GATEWAY_PERSISTED_DOCUMENTS_MANIFEST: the path of the "
                        + "persisted-documents.json to trust.")));
        JsonObject json;
        try {
            json = new JsonObject(Files.readString(path));
        } catch (IOException | DecodeException e) {
            throw new IllegalStateException("GATEWAY_PERSISTED_DOCUMENTS_MANIFEST " + path + " cannot be read as a JSON "
                    + "object of SHA-256 hash to document", e);
        }
        Map<String, String> documents = new HashMap<>();
        for (String key : json.fieldNames()) {
            String hash = key.startsWith("sha256:") ? key.substring(7) : key;
            if (!(json.getValue(key) instanceof String document) || !ApiKeys.sha256Hex(document).equals(hash)) {
                throw new IllegalStateException("GATEWAY_PERSISTED_DOCUMENTS_MANIFEST " + path + ": the entry " + key
                        + " is not a document whose SHA-256 is its key (write it with graphql-codegen's "
                        + "persistedDocuments.hashAlgorithm 'sha256')");
            }
            documents.put(hash, document);
        }
        LOG.infof("Trusted documents only: %d from %s", documents.size(), path);
        return Map.copyOf(documents);
    }
}
