package one.apiin.gateway.support;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs work on the Vert.x context it belongs to (a request's, whose response and request-scoped state it touches):
 * at once when already there or when there is none, else handed to that context.
 */
public final class OnContext {

    private OnContext() {
    }

    public static void run(Context context, Runnable action) {
        if (context == null || context == Vertx.currentContext()) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
