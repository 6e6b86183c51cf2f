package one.apiin.gateway.upstream;

/** Upstream task status, normalised. */
public enum UpstreamStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    UNKNOWN;

    /** True when the task will not change any more, so polling can stop. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
