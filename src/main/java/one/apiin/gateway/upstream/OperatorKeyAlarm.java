package one.apiin.gateway.upstream;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The operator's side of a refusal of the gateway's own key (GATEWAY_UPSTREAM_API_KEY: 401, 402, 403 upstream), which
 * end users only see as the service being unavailable: one WARN line per outage (from the first refusal to the next
 * answer that accepts the key), and {@code gateway_upstream_key_refused_total{status}} counting every refusal.
 */
final class OperatorKeyAlarm {

    private static final Logger LOG = Logger.getLogger(OperatorKeyAlarm.class);

    private final MeterRegistry registry;
    private final AtomicBoolean refused = new AtomicBoolean();

    OperatorKeyAlarm(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Whether the upstream's answer to the gateway's own key is a refusal of the key (or of its account). */
    static boolean refusal(int status) {
        return status == 401 || status == 402 || status == 403;
    }

    /** Counts a refusal; true when it began an outage, and was logged. */
    boolean refused(UpstreamError error) {
        Counter.builder("gateway.upstream.key.refused")
                .description("Refusals by the upstream of the gateway's own key (GATEWAY_UPSTREAM_API_KEY)")
                .tag("status", Integer.toString(error.httpStatus())).register(registry).increment();
        if (!refused.compareAndSet(false, true)) {
            return false;
        }
        LOG.warnf("The upstream refuses the gateway's own key (GATEWAY_UPSTREAM_API_KEY): HTTP %d, \"%s\". End users are "
                + "told the image service is unavailable until it accepts the key again.", error.httpStatus(),
                error.message());
        return true;
    }

    void accepted() {
        if (refused.compareAndSet(true, false)) {
            LOG.info("The upstream accepts the gateway's own key (GATEWAY_UPSTREAM_API_KEY) again");
        }
    }
}
