package one.apiin.gateway.graphql.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.graphql.guard.PersistedDocumentsConfig;
import one.apiin.gateway.graphql.guard.TrustedManifest;
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
        this.trusted = config.mode() == PersistedDocumentsConfig.Mode.TRUSTED ? TrustedManifest.load(config) : Map.of();
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
            return new Refused(TrustedManifest.NOT_IN_LIST, TrustedManifest.NOT_IN_LIST_MESSAGE);
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
        return availability.watched("document", redisConfig.timeout(), call).onFailure().recoverWithNull();
    }
}
