package one.apiin.gateway.task;

/** Where a task's image is, and so how long its URL works. */
public enum ImageStorage {
    /** Kept by the gateway: the URL is the gateway's own and works until retention lets it go. */
    KEPT,
    /** Not kept yet: the URL is the upstream's (it may expire) while the gateway still tries to copy it. */
    PENDING,
    /** The copy failed for good: the URL is the upstream's, and may have expired. */
    FAILED,
    /** Kept, then deleted by retention: the URL no longer answers. */
    REMOVED,
    /** The gateway keeps no images (GATEWAY_IMAGES_STORE=none), or the task ended before it did: the upstream's URL. */
    UPSTREAM
}
