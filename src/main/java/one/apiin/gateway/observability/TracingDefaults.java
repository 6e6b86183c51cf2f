package one.apiin.gateway.observability;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Traces are exported only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set: without it, spans are not sampled (trace
 * ids still flow into log lines and to the upstream's {@code traceparent}) and nothing is sent anywhere. A low
 * ordinal: any explicit {@code quarkus.otel.*} setting wins.
 */
public class TracingDefaults implements ConfigSource {

    private static final String SAMPLER = "quarkus.otel.traces.sampler";

    private final Map<String, String> values;

    public TracingDefaults() {
        String endpoint = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
        this.values = endpoint == null || endpoint.isBlank() ? Map.of(SAMPLER, "always_off") : Map.of();
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "gateway-tracing-defaults";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
