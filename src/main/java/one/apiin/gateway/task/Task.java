package one.apiin.gateway.task;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A generation task as stored. Never served as such: {@link TaskSnapshot} is what leaves this package. */
@Entity
@Table(name = "task")
public class Task extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "owner_hash", nullable = false)
    public String ownerHash;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskStatus status;
    public Integer progress;
    @Column(nullable = false)
    public String model;
    @Column(nullable = false)
    public String prompt;
    @Column(name = "negative_prompt")
    public String negativePrompt;
    @Column(name = "aspect_ratio", nullable = false)
    public String aspectRatio;
    @Column(name = "num_images", nullable = false)
    public int numImages;
    public Integer seed;
    /** JSON array of {@link TaskImage}. */
    @Column(nullable = false)
    public String images = "[]";
    @Column(name = "credits_charged", nullable = false)
    public int creditsCharged;
    @Column(nullable = false)
    public boolean cached;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "upstream_task_id")
    public String upstreamTaskId;
    /** The caller's key, encrypted; null once the task needs no more upstream calls. */
    @Column(name = "upstream_key")
    public String upstreamKey;
    /** The body sent (or to be sent) upstream, as JSON: resubmissions send exactly what was asked. */
    @Column(name = "upstream_request")
    public String upstreamRequest;
    /** The last status answer as received, for diagnosis. */
    @Column(name = "upstream_raw")
    public String upstreamRaw;
    @Column(name = "last_status_at")
    public Instant lastStatusAt;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    /** SHA-256 of what decides the images, for deterministic requests that use the result cache. */
    public String fingerprint;
    @Column(name = "cache_scope")
    public String cacheScope;
    @Column(name = "cache_policy")
    public String cachePolicy;
    /** The task whose upstream generation this one shares (in-flight coalescing). */
    @Column(name = "leader_task_id")
    public String leaderTaskId;
    /** How many creation calls were made for this task (each recorded before it is made). */
    @Column(name = "submit_attempts", nullable = false)
    public int submitAttempts;
    /** Credits this task holds of its owner's budget: its price until it ends, then what it was charged. */
    @Column(name = "credits_reserved", nullable = false)
    public int creditsReserved;
    /** The budget period the reservation belongs to; null when the task reserved nothing. */
    @Column(name = "reserved_period_start")
    public Instant reservedPeriodStart;
    /** When the creation call under way (or whose outcome was never learned) started; null when none is. */
    @Column(name = "attempt_started_at")
    public Instant attemptStartedAt;
    /** The model's credits per image when the task was asked for; null for tasks stored before it was kept. */
    @Column(name = "credits_per_image")
    public Integer creditsPerImage;
    /** When retention deleted this task's kept images; null while they are kept (or none were). */
    @Column(name = "images_removed_at")
    public Instant imagesRemovedAt;
    /** Since when some of its images wait for their copy into the gateway's store; null when none does. */
    @Column(name = "images_pending_since")
    public Instant imagesPendingSince;
    /** The model the caller asked for, when a fallback ran another; null when it is {@link #model}. */
    @Column(name = "requested_model")
    public String requestedModel;
    /** The model options applied, defaults included, as a JSON object of name to value; null for none. */
    public String options;
    /** The door the request came through: graphql, apiinone, openai (null for tasks stored before doors were kept). */
    public String dialect;
    /** Bumped by every change: subscribers order changes by it and drop repeats. */
    @Version
    public long version;
}
