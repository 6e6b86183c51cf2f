package one.apiin.gateway.task.tracking;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.support.RedisConfig;

/**
 * How long each model's generations take, learned from finished tasks and shared by the replicas through Redis
 * ({@code <prefix><model>}: a running mean and mean deviation, updated by one script per sample; the first sample replaces the
 * prior), starting from the
 * catalog's {@code typicalSeconds}. Each replica keeps the last figures it read or wrote, and reads them again at most
 * every few seconds; without Redis it goes on with what it has.
 */
@ApplicationScoped
class GenerationTimes {

    private static final Logger LOG = Logger.getLogger(GenerationTimes.class);

    /**
     * The first sample replaces the catalog's prior (a wrong prior must not inflate the spread); later ones weigh at
     * least a fifth, so the figures follow a drift within a few tasks. The spread is the running mean deviation.
     */
    private static final String RECORD = """
            local mean = tonumber(redis.call('HGET', KEYS[1], 'mean'))
            local dev = tonumber(redis.call('HGET', KEYS[1], 'dev'))
            local n = tonumber(redis.call('HGET', KEYS[1], 'n')) or 0
            local x = tonumber(ARGV[1])
            if n == 0 or not mean then
              mean = x
              dev = x * 0.05
            else
              local w = math.min(n + 1, 5)
              dev = dev + (math.abs(x - mean) - dev) / w
              mean = mean + (x - mean) / w
            end
            redis.call('HSET', KEYS[1], 'mean', tostring(mean), 'dev', tostring(dev), 'n', n + 1)
            redis.call('PEXPIRE', KEYS[1], 604800000)
            return {tostring(mean), tostring(dev)}""";
    private static final Duration REFRESH = Duration.ofSeconds(5);
    /** Without a catalog figure: a prior that polls like before (the cap keeps waits short). */
    private static final double UNKNOWN_SECONDS = 10;

    /** What is known of a model: expected time and spread, in milliseconds. */
    record Estimate(double meanMillis, double spreadMillis, long readAt) {
        Duration expected() {
            return Duration.ofMillis(Math.round(meanMillis));
        }

        Duration spread() {
            return Duration.ofMillis(Math.round(spreadMillis));
        }
    }

    private final ReactiveRedisDataSource redis;
    private final ModelCatalog catalog;
    private final TrackingConfig config;
    private final RedisConfig redisConfig;
    private final Map<String, Estimate> known = new ConcurrentHashMap<>();

    GenerationTimes(ReactiveRedisDataSource redis, ModelCatalog catalog, TrackingConfig config, RedisConfig redisConfig) {
        this.redis = redis;
        this.catalog = catalog;
        this.config = config;
        this.redisConfig = redisConfig;
    }

    /** The plan for a model's task, from what this replica knows now (refreshed from Redis in the background). */
    PollPlan plan(String model) {
        Estimate estimate = known.computeIfAbsent(model, this::prior);
        if (System.currentTimeMillis() - estimate.readAt() > REFRESH.toMillis()) {
            known.put(model, new Estimate(estimate.meanMillis(), estimate.spreadMillis(), System.currentTimeMillis()));
            refresh(model);
        }
        return new PollPlan(estimate.expected(), estimate.spread(), config.maxPollInterval());
    }

    /** A generation of {@code model} took about {@code took}: every replica's next plans use it. */
    void record(String model, Duration took) {
        redis.execute("EVAL", RECORD, "1", key(model), Long.toString(took.toMillis()))
                .ifNoItem().after(redisConfig.timeout()).fail()
                .subscribe().with(answer -> store(model, answer),
                        failure -> LOG.debugf("Generation time not recorded (%s)", failure.getClass().getSimpleName()));
    }

    private void refresh(String model) {
        redis.execute("HMGET", key(model), "mean", "dev").ifNoItem().after(redisConfig.timeout()).fail()
                .onFailure().recoverWithNull()
                .subscribe().with(answer -> {
                    if (answer != null && answer.size() == 2 && answer.get(0) != null) {
                        store(model, answer);
                    }
                });
    }

    private void store(String model, Response answer) {
        try {
            known.put(model, new Estimate(Double.parseDouble(answer.get(0).toString()),
                    Double.parseDouble(answer.get(1).toString()), System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.debugf("Unreadable generation time for %s", model);
        }
    }

    private Estimate prior(String model) {
        Double typical = catalog.find(model).map(ImageModel::typicalSeconds).orElse(null);
        double seconds = typical != null ? typical : UNKNOWN_SECONDS;
        return new Estimate(seconds * 1000, seconds * 250, 0);
    }

    private String key(String model) {
        return config.durationPrefix() + model;
    }
}
