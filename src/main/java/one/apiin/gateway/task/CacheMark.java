package one.apiin.gateway.task;

/** A deterministic task's place in the result cache: its fingerprint, scope and the caller's policy. */
public record CacheMark(String fingerprint, String scope, String policy) {
}
