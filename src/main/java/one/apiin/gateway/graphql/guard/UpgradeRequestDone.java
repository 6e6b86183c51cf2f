package one.apiin.gateway.graphql.guard;

import java.lang.reflect.Method;

import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * Ends, for Quarkus, the HTTP request that a websocket was upgraded from, once its connection has closed.
 * <p>
 * Quarkus' graceful shutdown counts each HTTP request as under way until its response ends or its connection closes,
 * as the response reports it. An upgraded connection's HTTP response reports neither (Vert.x hands the connection to
 * the websocket), so every websocket a replica ever served stayed counted: at SIGTERM the replica waited the whole
 * {@code QUARKUS_SHUTDOWN_TIMEOUT} for requests that had long gone and logged "Timed out waiting for graceful
 * shutdown" as an ERROR (MultiReplicaIT). The request's end is what Quarkus' own wrapper runs when a response ends
 * ({@code QuarkusRequestWrapper.done}, its request-done handlers: the shutdown count among them); it has no public
 * entry, so it is called by reflection, once (the wrapper runs its handlers at most once). Should a later Quarkus
 * not have it, nothing is done, as before this class, and the shutdown waits its timeout.
 */
@RegisterForReflection(targets = QuarkusRequestWrapper.class, methods = true, fields = false)
final class UpgradeRequestDone {

    private static final Logger LOG = Logger.getLogger(UpgradeRequestDone.class);
    private static final Method DONE = find();

    private UpgradeRequestDone() {
    }

    /** The action that ends the request, to run when its upgraded connection closes; one doing nothing if none. */
    static Runnable of(HttpServerRequest request) {
        if (DONE == null) {
            return () -> {
            };
        }
        QuarkusRequestWrapper wrapper;
        try {
            wrapper = QuarkusRequestWrapper.get(request);
        } catch (RuntimeException e) {
            wrapper = null;
        }
        if (wrapper == null) {
            return () -> {
            };
        }
        QuarkusRequestWrapper ended = wrapper;
        return () -> {
            try {
                DONE.invoke(ended);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debugf("A websocket's upgrade request could not be ended (%s)", e.getClass().getSimpleName());
            }
        };
    }

    private static Method find() {
        try {
            Method done = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            done.setAccessible(true);
            return done;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("Websockets' upgrade requests stay counted at shutdown (%s)", e.getClass().getSimpleName());
            return null;
        }
    }
}
