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
import one.apiin.gateway.support.RedisWait;

/**
 * How long each model's generations take (per number of images), learned from finished tasks and shared by the replicas through
 * Redis
 * ({@code <prefix><model>:<numImages>}: a running mean and mean deviation, updated by one script per sample; the first sample
 * replaces the
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

    /**
     * The plan for a task of {@code model} asking for {@code numImages} images, from what this replica knows now
     * (refreshed from Redis in the background). Times are learned per model and number of images: four images take
     * longer than one, and must not make one-image tasks wait.
     */
    PollPlan plan(String model, int numImages) {
        String kind = kind(model, numImages);
        Estimate estimate = known.computeIfAbsent(kind, ignored -> prior(model));
        if (System.currentTimeMillis() - estimate.readAt() > REFRESH.toMillis()) {
            known.put(kind, new Estimate(estimate.meanMillis(), estimate.spreadMillis(), System.currentTimeMillis()));
            refresh(kind);
        }
        return new PollPlan(estimate.expected(), estimate.spread(), config.maxPollInterval());
    }

    /** A generation of {@code model} and {@code numImages} took about {@code took}: every replica's next plans use it. */
    void record(String model, int numImages, Duration took) {
        String kind = kind(model, numImages);
        RedisWait.within(redisConfig.timeout(), redis.execute("EVAL", RECORD, "1", key(kind), Long.toString(took.toMillis())))
                .subscribe().with(answer -> store(kind, answer),
                        failure -> LOG.debugf("Generation time not recorded (%s)", failure.getClass().getSimpleName()));
    }

    private void refresh(String kind) {
        RedisWait.within(redisConfig.timeout(), redis.execute("HMGET", key(kind), "mean", "dev"))
                .onFailure().recoverWithNull()
                .subscribe().with(answer -> {
                    if (answer != null && answer.size() == 2 && answer.get(0) != null) {
                        store(kind, answer);
                    }
                });
    }

    private void store(String kind, Response answer) {
        try {
            known.put(kind, new Estimate(Double.parseDouble(answer.get(0).toString()),
                    Double.parseDouble(answer.get(1).toString()), System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.debugf("Unreadable generation time for %s", kind);
        }
    }

    private Estimate prior(String model) {
        Double typical = catalog.find(model).map(ImageModel::typicalSeconds).orElse(null);
        double seconds = typical != null ? typical : UNKNOWN_SECONDS;
        return new Estimate(seconds * 1000, seconds * 250, 0);
    }

    private static String kind(String model, int numImages) {
        return model + ":" + numImages;
    }

    private String key(String kind) {
        return config.durationPrefix() + kind;
    }
}
