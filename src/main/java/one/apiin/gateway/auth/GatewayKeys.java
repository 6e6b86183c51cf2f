package one.apiin.gateway.auth;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.BadUserInputException.FieldError;
import one.apiin.gateway.support.SafeContext;

/**
 * The keys the gateway issues: {@code gk_} and 256 random bits (base64url), shown once and stored as their SHA-256
 * (a key has 256 bits of entropy: a fast hash cannot be searched backwards). Each acts as an owner, may expire, and
 * may carry its own budget and limits.
 */
@ApplicationScoped
public class GatewayKeys {

    static final int MAX_NAME = 200;
    public static final int MAX_OWNER = 400;
    private static final int KEY_BYTES = 32;

    private final GatewayKeyRepository repository;
    private final SecureRandom random = new SecureRandom();

    private final Vertx vertx;

    GatewayKeys(GatewayKeyRepository repository, Vertx vertx) {
        this.repository = repository;
        this.vertx = vertx;
    }

    /** The issued key (shown this once) and what is stored of it. */
    public record Created(String key, ApiKeyInfo info) {
        /** Never the key. */
        @Override
        public String toString() {
            return "Created[" + info + "]";
        }
    }

    public Uni<Created> create(NewApiKey request, Caller admin) {
        List<FieldError> errors = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "name must be 1 to " + MAX_NAME + " characters"));
        }
        String owner = request.owner() == null ? null : request.owner().strip();
        if (owner != null && (owner.isEmpty() || owner.length() > MAX_OWNER)) {
            errors.add(new FieldError("owner", "owner must be 1 to " + MAX_OWNER + " characters, or absent for a new owner"));
        }
        Instant now = Instant.now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            errors.add(new FieldError("expiresAt", "expiresAt must be in the future"));
        }
        nonNegative(errors, "budgetCredits", request.budgetCredits());
        nonNegative(errors, "rateLimitPerMinute", request.rateLimitPerMinute());
        nonNegative(errors, "concurrentTasks", request.concurrentTasks());
        if (!errors.isEmpty()) {
            throw new BadUserInputException(errors);
        }
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        String key = ApiKeys.GATEWAY_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        GatewayKey stored = new GatewayKey();
        stored.id = "key_" + UUID.randomUUID().toString().replace("-", "");
        stored.name = name;
        stored.owner = owner != null ? owner : "key:" + stored.id;
        stored.keyHash = ApiKeys.sha256Hex(key);
        stored.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        stored.expiresAt = request.expiresAt();
        stored.budgetCredits = request.budgetCredits();
        stored.rateLimitPerMinute = request.rateLimitPerMinute();
        stored.concurrentTasks = request.concurrentTasks();
        stored.createdBy = admin.owner();
        return Panache.withTransaction(() -> repository.persist(stored))
                .map(saved -> new Created(key, ApiKeyInfo.of(saved)));
    }

    /** Revokes a key (at once, on every replica); null when there is no such key. Revoking twice keeps the first time. */
    public Uni<ApiKeyInfo> revoke(String id) {
        return Panache.withTransaction(() -> repository.findById(id).map(key -> {
            if (key != null && key.revokedAt == null) {
                key.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            }
            return key;
        })).map(key -> key == null ? null : ApiKeyInfo.of(key));
    }

    public Uni<List<ApiKeyInfo>> list() {
        return Panache.withSession(repository::newestFirst).map(keys -> keys.stream().map(ApiKeyInfo::of).toList());
    }

    /** The caller a key stands for, or null when it is unknown, revoked or expired. */
    Uni<GatewayKey> usable(String key) {
        Instant now = Instant.now();
        return Panache.withSession(() -> repository.findByHash(ApiKeys.sha256Hex(key)))
                .map(found -> found != null && found.usable(now) ? found : null);
    }

    /** Of these key ids, those that no longer work. */
    public Uni<List<String>> unusable(Collection<String> ids) {
        // In a context of its own: it runs beside other reads of the same request (a websocket's operations).
        return SafeContext.run(vertx, () -> Panache.withSession(() -> repository.unusable(ids, Instant.now())));
    }

    private static void nonNegative(List<FieldError> errors, String field, Integer value) {
        if (value != null && value < 0) {
            errors.add(new FieldError(field, field + " must be 0 or more, or absent for the default"));
        }
    }
}
