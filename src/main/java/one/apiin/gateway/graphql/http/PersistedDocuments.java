package one.apiin.gateway.graphql.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Response;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.graphql.http.PersistedDocuments.Resolution.Found;
import one.apiin.gateway.graphql.http.PersistedDocuments.Resolution.Refused;
import one.apiin.gateway.support.RedisAvailability;
import one.apiin.gateway.support.RedisConfig;

/**
 * Finds the document a request names by its hash, or checks the one it sent, as the operator chose
 * ({@code GATEWAY_PERSISTED_DOCUMENTS}): automatic persisted queries with a registry in Redis shared by every replica
 * (bounded in number and size, the oldest registered dropped first), or a fixed manifest of trusted documents, or no
 * hashes at all.
 */
@Startup
@ApplicationScoped
class PersistedDocuments {

    private static final Logger LOG = Logger.getLogger(PersistedDocuments.class);
    static final String NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND";
    static final String NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST";
    /**
     * The APQ protocol's message for an unknown hash: urql's exchange recognises the miss by this message alone (Apollo
     * Client by it or the code), then sends the document with its hash. transports.md explains it for people.
     */
    static final String NOT_FOUND_MESSAGE = "PersistedQueryNotFound";
    /** The protocol's message for a gateway that takes no hashes (GATEWAY_PERSISTED_DOCUMENTS=off). */
    static final String NOT_SUPPORTED_MESSAGE = "PersistedQueryNotSupported";
    /** Keeps the document, then drops the oldest registered past the bound (their keys with them). */
    private static final String REGISTER = """
            redis.call('set', KEYS[1], ARGV[1])
            redis.call('zadd', KEYS[2], ARGV[2], ARGV[3])
            local over = redis.call('zcard', KEYS[2]) - tonumber(ARGV[4])
            if over > 0 then
              local oldest = redis.call('zpopmin', KEYS[2], over)
              for i = 1, #oldest, 2 do redis.call('del', ARGV[5] .. oldest[i]) end
            end
            return 1""";

    sealed interface Resolution {
        record Found(GraphQLRequest request) implements Resolution {
        }

        record Refused(String code, String message) implements Resolution {
        }
    }

    private final PersistedDocumentsConfig config;
    private final ReactiveRedisDataSource redis;
    private final RedisAvailability availability;
    private final RedisConfig redisConfig;
    private final Map<String, String> trusted;

    PersistedDocuments(PersistedDocumentsConfig config, ReactiveRedisDataSource redis, RedisAvailability availability,
            RedisConfig redisConfig) {
        this.config = config;
        this.redis = redis;
        this.availability = availability;
        this.redisConfig = redisConfig;
        this.trusted = config.mode() == PersistedDocumentsConfig.Mode.TRUSTED ? manifest(config) : Map.of();
    }

    /** The request with the document it runs, or why it may not run. */
    Uni<Resolution> resolve(GraphQLRequest request) {
        return switch (config.mode()) {
            case OFF -> Uni.createFrom().item(off(request));
            case TRUSTED -> Uni.createFrom().item(trusted(request, trusted));
            case APQ -> apq(request);
        };
    }

    static Resolution off(GraphQLRequest request) {
        if (request.query() == null) {
            // The protocol's own words, on which APQ clients (Apollo Client, urql) stop sending hashes alone.
            return new Refused("BAD_USER_INPUT", NOT_SUPPORTED_MESSAGE);
        }
        return new Found(request);
    }

    /** Trusted documents only: named by a hash of the list, or sent in full when the list holds them. */
    static Resolution trusted(GraphQLRequest request, Map<String, String> list) {
        String hash = request.hash() != null ? request.hash() : ApiKeys.sha256Hex(request.query());
        String document = list.get(hash);
        if (document == null || request.query() != null && !request.query().equals(document)) {
            return new Refused(NOT_IN_LIST, "This gateway runs only the documents its operator trusts, and this one is "
                    + "not among them: use a document of the application's build (its persisted-documents manifest).");
        }
        return new Found(request.withQuery(document));
    }

    private Uni<Resolution> apq(GraphQLRequest request) {
        if (request.hash() == null) {
            return Uni.createFrom().item(new Found(request));
        }
        if (request.query() != null) {
            if (!ApiKeys.sha256Hex(request.query()).equals(request.hash())) {
                return Uni.createFrom().item(new Refused("BAD_USER_INPUT", "extensions.persistedQuery.sha256Hash is "
                        + "not the SHA-256 of the query sent with it: hash the document exactly as sent (UTF-8)."));
            }
            return register(request.hash(), request.query()).replaceWith(new Found(request));
        }
        return lookup(request.hash()).map(document -> document == null
                ? new Refused(NOT_FOUND, NOT_FOUND_MESSAGE)
                : new Found(request.withQuery(document)));
    }

    private Uni<String> lookup(String hash) {
        return guarded(redis.execute("GET", config.prefix() + "doc:" + hash))
                .map(response -> response == null ? null : response.toString());
    }

    private Uni<Void> register(String hash, String document) {
        if (document.length() > config.maxDocumentSize()) {
            LOG.debugf("Not registering a persisted document of %d characters (at most %d)", document.length(),
                    config.maxDocumentSize());
            return Uni.createFrom().voidItem();
        }
        return guarded(redis.execute("EVAL", REGISTER, "2", config.prefix() + "doc:" + hash, config.prefix() + "index",
                document, Long.toString(System.currentTimeMillis()), hash, Integer.toString(config.maxDocuments()),
                config.prefix() + "doc:")).replaceWithVoid();
    }

    /** Redis away: nothing is registered, and a hash alone is not found (APQ clients then send the document). */
    private Uni<Response> guarded(Uni<Response> call) {
        return call.ifNoItem().after(redisConfig.timeout()).fail()
                .invoke(ignored -> availability.succeeded())
                .onFailure().recoverWithItem(failure -> {
                    availability.failed(failure);
                    return null;
                });
    }

    /** The manifest's documents by hash, each hash checked against its document; a broken manifest stops the start. */
    static Map<String, String> manifest(PersistedDocumentsConfig config) {
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
