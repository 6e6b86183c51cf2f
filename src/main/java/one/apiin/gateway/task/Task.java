package one.apiin.gateway.task;

import java.time.Instant;

/**
 * A generation task as stored, one row of the task table ({@link TaskRepository} reads and writes it). Never served as
 * such: {@link TaskSnapshot} is what leaves this package.
 */
public class Task {

    public String id;
    public String ownerHash;
    public TaskStatus status;
    public Integer progress;
    public String model;
    public String prompt;
    public String negativePrompt;
    public String aspectRatio;
    public int numImages;
    public Integer seed;
    /** JSON array of {@link TaskImage}. */
    public String images = "[]";
    public int creditsCharged;
    public boolean cached;
    public String errorCode;
    public String errorMessage;
    public String upstreamTaskId;
    /** The caller's key, encrypted; null once the task needs no more upstream calls. */
    public String upstreamKey;
    /** The body sent (or to be sent) upstream, as JSON: resubmissions send exactly what was asked. */
    public String upstreamRequest;
    /** The last status answer as received, for diagnosis. */
    public String upstreamRaw;
    public Instant lastStatusAt;
    public Instant createdAt;
    public Instant updatedAt;
    /** SHA-256 of what decides the images, for deterministic requests that use the result cache. */
    public String fingerprint;
    public String cacheScope;
    public String cachePolicy;
    /** The task whose upstream generation this one shares (in-flight coalescing). */
    public String leaderTaskId;
    /** How many creation calls were made for this task (each recorded before it is made). */
    public int submitAttempts;
    /** Credits this task holds of its owner's budget: its price until it ends, then what it was charged. */
    public int creditsReserved;
    /** The budget period the reservation belongs to; null when the task reserved nothing. */
    public Instant reservedPeriodStart;
    /** When the creation call under way (or whose outcome was never learned) started; null when none is. */
    public Instant attemptStartedAt;
    /** The model's credits per image when the task was asked for; null for tasks stored before it was kept. */
    public Integer creditsPerImage;
    /** When retention deleted this task's kept images; null while they are kept (or none were). */
    public Instant imagesRemovedAt;
    /** Since when some of its images wait for their copy into the gateway's store; null when none does. */
    public Instant imagesPendingSince;
    /** The model the caller asked for, when a fallback ran another; null when it is {@link #model}. */
    public String requestedModel;
    /** The model options applied, defaults included, as a JSON object of name to value; null for none. */
    public String options;
    /** The door the request came through: graphql, apiinone, openai (null for tasks stored before doors were kept). */
    public String dialect;
    /** Bumped by every change: subscribers order changes by it and drop repeats. */
    public long version;
}
