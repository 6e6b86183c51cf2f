package one.apiin.gateway.graphql.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The replica's open event streams, ended when it begins to shut down, as its websockets are: each stream's response
 * ends without a {@code complete} event, which graphql-sse clients and {@code EventSource} take as a dropped
 * connection and reconnect (through the Service, to another replica; with {@code Last-Event-ID} they get the task's
 * current state first, so no final state is lost). Before, a live stream was a request under way: the replica waited
 * the whole {@code QUARKUS_SHUTDOWN_TIMEOUT} for it, logged an ERROR, and cut it when the process ended. Streams asked
 * for while the replica shuts down are refused with 503 and {@code Retry-After: 1}.
 */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class);

    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** Whether new streams are refused: the replica is shutting down. */
    boolean stopping() {
        return stopping;
    }

    void opened(EventStream stream) {
        open.add(stream);
        if (stopping) {
            // Opened as the shutdown began: ended like the others.
            stream.goAway();
        }
    }

    void ended(EventStream stream) {
        open.remove(stream);
    }

    /** Event streams open on this replica. */
    public int openStreams() {
        return open.size();
    }

    void goingAway(@Observes ShutdownDelayInitiatedEvent event) {
        goingAway();
    }

    void stop(@Observes ShutdownEvent event) {
        goingAway();
    }

    private void goingAway() {
        stopping = true;
        if (open.isEmpty()) {
            return;
        }
        LOG.infof("Shutting down: ending %d event streams for their clients to reconnect elsewhere", open.size());
        open.forEach(EventStream::goAway);
    }
}
