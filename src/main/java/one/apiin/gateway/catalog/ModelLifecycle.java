package one.apiin.gateway.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.support.RedisConfig;
import one.apiin.gateway.support.RedisWait;
import one.apiin.gateway.upstream.ModelUnavailable;

/**
 * A model's status as requests see it: the catalog's, or RETIRED where the upstream said the model itself is gone
 * (with GATEWAY_CATALOG_FALLBACKS on). Such a retirement is kept in Redis, so every replica follows it (each reads
 * the set every few seconds), until an admin restores the model (the {@code restoreModel} mutation, or
 * {@code HDEL <key> <model>}). Requests for a DEPRECATED
 * model are logged once per owner, model and day, for the operator to see who still has to move.
 */
@ApplicationScoped
public class ModelLifecycle {

    private static final Logger LOG = Logger.getLogger(ModelLifecycle.class);
    /** The Redis hash of models retired at run time: model id to when and why. */
    public static final String RETIRED_KEY = "image-gateway:catalog:retired";
    private static final long REFRESH_MILLIS = 5_000;
    private static final int MAX_DEPRECATION_NOTES = 10_000;

    private final ModelCatalog catalog;
    private final CatalogConfig config;
    private final ReactiveRedisDataSource redis;
    private final RedisConfig redisConfig;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private volatile Set<String> retired = Set.of();
    private final Map<String, LocalDate> deprecationNotes = new ConcurrentHashMap<>();

    ModelLifecycle(ModelCatalog catalog, CatalogConfig config, ReactiveRedisDataSource redis, RedisConfig redisConfig,
            MeterRegistry registry, Vertx vertx) {
        this.catalog = catalog;
        this.config = config;
        this.redis = redis;
        this.redisConfig = redisConfig;
        this.registry = registry;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent start) {
        if (config.fallbacks()) {
            refresh();
            vertx.setPeriodic(REFRESH_MILLIS, tick -> refresh());
        }
    }

    /** The model as requests see it now. */
    public Optional<ImageModel> find(String id) {
        return catalog.find(id).map(model -> retired.contains(model.id()) && model.status() != ModelStatus.RETIRED
                ? model.withStatus(ModelStatus.RETIRED)
                : model);
    }

    public boolean fallbacks() {
        return config.fallbacks();
    }

    /** One log line per owner, model and day (per replica) for a request of a DEPRECATED model. */
    public void deprecatedUsed(ImageModel model, String ownerHash) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String key = ownerHash + "|" + model.id();
        if (deprecationNotes.size() >= MAX_DEPRECATION_NOTES) {
            deprecationNotes.clear();
        }
        if (!today.equals(deprecationNotes.put(key, today))) {
            LOG.infof("Owner %s still uses the DEPRECATED model %s (replacement %s%s)", shortOwner(ownerHash),
                    model.id(), model.replacement() == null ? "none named" : model.replacement(),
                    model.retiresOn() == null ? "" : ", retires on " + model.retiresOn().toLocalDate());
        }
    }

    /** The upstream said a model itself is gone: RETIRED on every replica, told once, when fallbacks are on. */
    void unavailable(@Observes ModelUnavailable event) {
        if (!config.fallbacks()) {
            return;
        }
        ImageModel model = catalog.byUpstreamId(event.upstreamModel()).orElse(null);
        if (model == null || model.status() == ModelStatus.RETIRED || retired.contains(model.id())) {
            return;
        }
        Set<String> now = new HashSet<>(retired);
        now.add(model.id());
        retired = Set.copyOf(now);
        RedisWait
                .within(redisConfig.timeout(),
                        redis.execute("HSETNX", RETIRED_KEY, model.id(), Instant.now() + " " + event.status()))
                .subscribe().with(answer -> {
                    if (answer != null && answer.toInteger() == 1) {
                        LOG.warnf("The upstream says model %s is no longer available (HTTP %d): it is RETIRED on every "
                                + "replica, its requests run on %s; once it is served again, an admin's restoreModel "
                                + "(id: \"%s\") or HDEL %s %s lifts it", model.id(), event.status(),
                                model.replacement() == null ? "nothing (no replacement)" : model.replacement(),
                                model.id(), RETIRED_KEY, model.id());
                        Counter.builder("gateway.catalog.retired").description("Models retired at run time because "
                                + "the upstream said they are gone").tag("model", model.id()).register(registry)
                                .increment();
                    }
                }, failure -> LOG.warnf("Model %s could not be marked RETIRED in Redis: %s", model.id(),
                        failure.getMessage()));
    }

    /**
     * An admin says the upstream serves the model again: its run-time retirement is lifted, here at once and on the
     * other replicas at their next read. Null when the model is not in the catalog; false when it was not retired at
     * run time (a catalog file's RETIRED stays: the file is the operator's).
     */
    public Uni<Boolean> restore(String id) {
        if (catalog.find(id).isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return RedisWait.within(redisConfig.timeout(), redis.execute("HDEL", RETIRED_KEY, id))
                .map(answer -> {
                    Set<String> now = new HashSet<>(retired);
                    boolean here = now.remove(id);
                    retired = Set.copyOf(now);
                    boolean lifted = here || answer != null && answer.toInteger() == 1;
                    if (lifted) {
                        LOG.infof("Model %s restored by an admin: its requests run on it again on every replica", id);
                    }
                    return lifted;
                });
    }

    private void refresh() {
        RedisWait.within(redisConfig.timeout(), redis.execute("HKEYS", RETIRED_KEY))
                .subscribe().with(answer -> {
                    Set<String> ids = new HashSet<>();
                    if (answer != null) {
                        for (Response id : answer) {
                            ids.add(id.toString());
                        }
                    }
                    retired = Set.copyOf(ids);
                }, failure -> LOG.debugf("Retired models could not be read from Redis: %s", failure.getMessage()));
    }

    /** Enough of the owner to tell owners apart in the log, never the owner itself (an issuer and subject). */
    private static String shortOwner(String ownerHash) {
        return ApiKeys.sha256Hex(ownerHash).substring(0, 12);
    }
}
