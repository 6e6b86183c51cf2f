package one.apiin.gateway.auth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A key the gateway issued, as stored: its SHA-256, never the key. */
@Entity
@Table(name = "gateway_key")
public class GatewayKey extends PanacheEntityBase {

    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String owner;
    @Column(name = "key_hash", nullable = false)
    public String keyHash;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "budget_credits")
    public Integer budgetCredits;
    @Column(name = "rate_limit_per_minute")
    public Integer rateLimitPerMinute;
    @Column(name = "concurrent_tasks")
    public Integer concurrentTasks;
    @Column(name = "created_by", nullable = false)
    public String createdBy;

    boolean usable(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
