package one.apiin.gateway.task.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.error.GatewayException;
import one.apiin.gateway.error.UpstreamUnavailableException;
import one.apiin.gateway.images.ImageMirror;
import one.apiin.gateway.support.Echo;
import one.apiin.gateway.task.TaskAttempts;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.Tracked;
import one.apiin.gateway.upstream.ApiInOneClient;
import one.apiin.gateway.upstream.CreateOutcome;
import one.apiin.gateway.upstream.UpstreamConfig;
import one.apiin.gateway.upstream.UpstreamCreateRequest;
import one.apiin.gateway.upstream.UpstreamStatus;
import one.apiin.gateway.upstream.UpstreamTask;

/**
 * The upstream calls a task needs, each followed by the change it makes to the task. A creation call is made only
 * after it was recorded in PostgreSQL (at most one at a time per task), and its outcome decides what may follow:
 * only an attempt known to have created nothing is ever repeated.
 */
@ApplicationScoped
class TaskUpstream {

    private static final Logger LOG = Logger.getLogger(TaskUpstream.class);
    /** The width of the stored upstream id: a longer one cannot be followed. */
    static final int UPSTREAM_ID_MAX = 255;
    static final String UNREADABLE_MESSAGE = "The upstream accepted this generation but its answer could not be read, "
            + "so the gateway cannot follow it. The upstream may have charged for it: check your API in One account "
            + "before trying again.";
    static final String UNKNOWN_MESSAGE = "The gateway could not learn whether the upstream started this generation "
            + "(no answer came, or only a proxy's error). It may have been charged; you may try again.";

    private final ApiInOneClient client;
    private final ImageMirror mirror;
    private final TaskAttempts attempts;
    private final ModelCatalog catalog;
    private final UpstreamConfig upstreamConfig;
    private final ObjectMapper mapper;
    /** Whether the upstream is given a callback URL: a creation answer that did not tell may then still be learned. */
    private final boolean callbacks;
    /** Tasks whose unknown status word was logged already: once per task is enough. */
    private final Set<String> unknownStatusLogged = ConcurrentHashMap.newKeySet();
    /** When the upstream last answered a poll of each task this replica follows, written down or not. */
    private final Map<String, Instant> answered = new ConcurrentHashMap<>();

    TaskUpstream(ApiInOneClient client, TaskAttempts attempts, ModelCatalog catalog,
            UpstreamConfig upstreamConfig, ObjectMapper mapper, ImageMirror mirror, CallbackConfig callbackConfig) {
        this.callbacks = callbackConfig.publicUrl().isPresent();
        this.client = client;
        this.mirror = mirror;
        this.attempts = attempts;
        this.catalog = catalog;
        this.upstreamConfig = upstreamConfig;
        this.mapper = mapper;
    }

    /** What one submission attempt came to. */
    sealed interface Attempt {

        /** The upstream accepted the task; {@code task} is null when it had ended meanwhile. */
        record Accepted(TaskSnapshot task) implements Attempt {
        }

        /** A decisive outcome that ended the task (unreadable answer, unknown outcome). */
        record Ended(TaskSnapshot task) implements Attempt {
        }

        /** Nothing was created, and trying again may help (5xx, no connection, 429). */
        record Retry(GatewayException error, Integer retryAfterSeconds) implements Attempt {
        }

        /** Nothing was created, and the upstream refused (400, 401, 402, …). */
        record Refused(GatewayException error) implements Attempt {
        }

        /**
         * The call went out and its answer did not tell what became of it (or could not be read): the task waits for
         * the upstream's callback to name the generation, or ends when it does not come. {@code task} is null when
         * it was accepted or ended meanwhile.
         */
        record AwaitingWord(TaskSnapshot task) implements Attempt {
        }

        /** No call was made: an attempt is under way elsewhere, or the task no longer needs one. */
        record NotMade() implements Attempt {
        }
    }

    /**
     * One creation call for a stored task, recorded before it is made. The caller keeps the task's lease alive
     * meanwhile ({@link TaskLeases#whileHeld}).
     */
    Uni<Attempt> attempt(String taskId, String apiKey, UpstreamCreateRequest body) {
        return attempts.startAttempt(taskId).chain(started -> started
                ? client.createOnce(apiKey, body).chain(outcome -> settle(taskId, outcome))
                : Uni.createFrom().item(new Attempt.NotMade()));
    }

    /**
     * The first creation call of a task just stored: the attempt was recorded with the task (one statement fewer),
     * and the acceptance is one conditional UPDATE of the stored version.
     */
    Uni<Attempt> firstAttempt(TaskSnapshot stored, String apiKey, UpstreamCreateRequest body, Duration leaseTime) {
        if (!inTimeForUnguardedCall(stored.createdAt(), Instant.now(), leaseTime)) {
            // Storing took long (a slow PostgreSQL, a lock wait): a scan may have taken the task since. The call goes
            // through the guarded path instead, which PostgreSQL lets one replica make, for a task still QUEUED.
            LOG.debugf("Task %s: stored late, its first creation call goes through the guarded path", stored.id());
            return attempts.attemptEnded(stored.id()).chain(() -> attempt(stored.id(), apiKey, body));
        }
        return client.createOnce(apiKey, body).chain(outcome -> outcome instanceof CreateOutcome.Created created
                && !endedAtCreation(created.task()) && created.task().taskId().length() <= UPSTREAM_ID_MAX
                        ? attempts.acceptedAsStored(stored, created.task()).map(Attempt.Accepted::new)
                        : settle(stored.id(), outcome));
    }

    /**
     * Whether the call recorded with a task when it was stored may still go out unguarded: scans leave tasks younger
     * than the lease time alone, so within half of it no other replica can have settled the task.
     */
    static boolean inTimeForUnguardedCall(Instant storedAt, Instant now, Duration leaseTime) {
        return now.isBefore(storedAt.plus(leaseTime.dividedBy(2)));
    }

    /** A create answer that already carries the images: the generation is over (and billed) at creation. */
    private static boolean endedAtCreation(UpstreamTask task) {
        return task.status() == UpstreamStatus.SUCCEEDED && !task.imageUrls().isEmpty();
    }

    Uni<Attempt> attempt(Tracked tracked) {
        return attempt(tracked.id(), tracked.apiKey(), read(tracked.upstreamRequest()));
    }

    private Uni<Attempt> settle(String taskId, CreateOutcome outcome) {
        if (outcome instanceof CreateOutcome.Created created) {
            if (endedAtCreation(created.task())) {
                UpstreamTask task = created.task();
                return mirror.keep(taskId, task.imageUrls())
                        .chain(images -> attempts.endedAtCreation(taskId, task, images))
                        .map(Attempt.Ended::new);
            }
            if (created.task().taskId().length() > UPSTREAM_ID_MAX) {
                return unreadableOrAwait(taskId, created.task().raw(), "a task id of " + created.task().taskId().length()
                        + " characters");
            }
            return attempts.accepted(taskId, created.task()).map(Attempt.Accepted::new);
        }
        if (outcome instanceof CreateOutcome.Unreadable unreadable) {
            return unreadableOrAwait(taskId, unreadable.raw(), unreadable.reason());
        }
        if (outcome instanceof CreateOutcome.NotCreated notCreated) {
            Attempt next = notCreated.retryable() ? new Attempt.Retry(notCreated.error(), notCreated.retryAfterSeconds())
                    : new Attempt.Refused(notCreated.error());
            return attempts.attemptEnded(taskId).replaceWith(next);
        }
        CreateOutcome.Unknown unknown = (CreateOutcome.Unknown) outcome;
        if (callbacks && !upstreamConfig.resubmitUnknown()) {
            LOG.infof("Task %s: no answer to its creation call tells what became of it (%s); waiting for the upstream's "
                    + "callback", taskId, unknown.reason());
            return attempts.awaitingWord(taskId, null).map(Attempt.AwaitingWord::new);
        }
        LOG.warnf("Task %s: no answer to its creation call tells what became of it (%s); the upstream may have "
                + "created it", taskId, unknown.reason());
        return unknownOutcome(taskId);
    }

    /**
     * A 2xx that cannot be followed: with callbacks, the task waits for the upstream's callback to name the generation
     * (the answer kept on it); without, it ends UPSTREAM_UNREADABLE.
     */
    private Uni<Attempt> unreadableOrAwait(String taskId, String raw, String reason) {
        if (!callbacks) {
            return unreadable(taskId, raw, reason);
        }
        LOG.infof("Task %s: the upstream accepted its creation but the answer cannot be used (%s); waiting for the "
                + "upstream's callback", taskId, reason);
        return attempts.awaitingWord(taskId, raw == null ? "" : raw).map(Attempt.AwaitingWord::new);
    }

    /**
     * A task that waited for word of its creation in vain (or whose replica was lost mid-call): unreadable when the
     * upstream's 2xx was kept on it, else of unknown outcome.
     */
    Uni<Attempt> noWordCame(Tracked tracked) {
        String raw = tracked.row().upstreamRaw;
        if (raw != null) {
            LOG.warnf("Task %s: the upstream accepted its creation, its answer could not be used and no callback named"
                    + " it; it may have charged for it. Answer: %s", tracked.id(), Echo.printable(raw, 300));
            return attempts.failUnaccepted(tracked.id(), "UPSTREAM_UNREADABLE", UNREADABLE_MESSAGE, null)
                    .map(Attempt.Ended::new);
        }
        return unknownOutcome(tracked.id());
    }

    /**
     * An attempt whose outcome will never be learned: by default the task ends (a repeat could pay twice);
     * {@code GATEWAY_UPSTREAM_RESUBMIT_UNKNOWN=true} makes it submittable again instead.
     */
    Uni<Attempt> unknownOutcome(String taskId) {
        if (upstreamConfig.resubmitUnknown()) {
            return attempts.attemptEnded(taskId).replaceWith(new Attempt.Retry(new UpstreamUnavailableException(
                    "The upstream did not answer; the generation is being asked for again."), null));
        }
        return attempts.failUnaccepted(taskId, "UPSTREAM_OUTCOME_UNKNOWN", UNKNOWN_MESSAGE, null).map(Attempt.Ended::new);
    }

    private Uni<Attempt> unreadable(String taskId, String raw, String reason) {
        LOG.warnf("Task %s: the upstream accepted its creation but the answer cannot be used (%s); it may have "
                + "charged for it. Answer: %s", taskId, reason, Echo.printable(raw, 300));
        return attempts.failUnaccepted(taskId, "UPSTREAM_UNREADABLE", UNREADABLE_MESSAGE, raw).map(Attempt.Ended::new);
    }

    /**
     * One status poll; completes with the new state, or null when nothing the Task shows changed. A success is
     * announced once its images are kept (or given up on for now: see {@link ImageMirror#keep}).
     */
    Uni<TaskSnapshot> poll(Tracked tracked) {
        int catalogCredits = catalog.find(tracked.model()).map(ImageModel::creditsPerImage).orElse(0);
        return client.status(tracked.apiKey(), tracked.upstreamTaskId())
                .invoke(answer -> {
                    answered.put(tracked.id(), Instant.now());
                    if (answer.status() == UpstreamStatus.UNKNOWN && unknownStatusLogged.add(tracked.id())) {
                        LOG.warnf("Task %s: the upstream reports a status the gateway does not know (%s); polling on "
                                + "until the task deadline", tracked.id(), Echo.printable(answer.rawStatus(), 40));
                    }
                })
                .chain(answer -> endsWithImages(answer)
                        ? mirror.keep(tracked.id(), answer.imageUrls())
                                .chain(images -> attempts.observed(tracked, answer, catalogCredits, images))
                        : attempts.observed(tracked, answer, catalogCredits, null));
    }

    private static boolean endsWithImages(UpstreamTask answer) {
        return answer.status() == UpstreamStatus.SUCCEEDED && !answer.imageUrls().isEmpty();
    }

    /**
     * When the upstream last answered about the task: as stored, or later where this replica's poll was answered but
     * what it said could not be written (yet). The status deadline counts the upstream's silence, not the gateway's
     * own trouble.
     */
    Instant lastAnswer(Tracked tracked) {
        Instant here = answered.get(tracked.id());
        return here != null && here.isAfter(tracked.statusKnownAt()) ? here : tracked.statusKnownAt();
    }

    /** The tracker stopped following the task. */
    void forget(String taskId) {
        unknownStatusLogged.remove(taskId);
        answered.remove(taskId);
    }

    String write(UpstreamCreateRequest body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An upstream request cannot be written", e);
        }
    }

    private UpstreamCreateRequest read(String json) {
        try {
            return mapper.readValue(json, UpstreamCreateRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored upstream request cannot be read", e);
        }
    }

}
