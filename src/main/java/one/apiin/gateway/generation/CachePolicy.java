package one.apiin.gateway.generation;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("CachePolicy")
@Description("How a deterministic (seeded) request uses the result cache")
public enum CachePolicy {
    @Description("Answer from the cache when possible, share an identical generation in flight, fill the cache")
    USE,
    @Description("Neither read nor write the cache, nor share a generation in flight")
    BYPASS,
    @Description("Generate anew (sharing an identical generation in flight) and replace the cache entry")
    REFRESH
}
