package one.apiin.gateway.graphql.guard;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import one.apiin.gateway.support.OnContext;

/**
 * Websocket upgrades: from an origin outside {@code GATEWAY_CORS_ORIGINS} (when set) refused with 403; then the
 * {@code connection_init} deadline. Both GraphQL websocket protocols open with {@code connection_init}; SmallRye waits for it
 * for ever. A connection
 * that has not sent it within {@code GATEWAY_LIMITS_CONNECTION_INIT_TIMEOUT} is closed with 4408 ("Connection
 * initialisation timeout", the graphql-transport-ws code; the legacy protocol has none of its own). The first frames
 * are looked at where they arrive, before SmallRye reads them; a compressed frame is taken on trust.
 */
@ApplicationScoped
public class WebsocketUpgradeGuard {

    private static final Logger LOG = Logger.getLogger(WebsocketUpgradeGuard.class);
    private static final String WATCH = "gateway-connection-init";

    private final LimitsConfig limits;
    private final CorsConfig cors;
    private final Vertx vertx;
    private final ReplicaCapacity capacity;

    public WebsocketUpgradeGuard(LimitsConfig limits, CorsConfig cors, Vertx vertx, ReplicaCapacity capacity) {
        this.limits = limits;
        this.cors = cors;
        this.vertx = vertx;
        this.capacity = capacity;
    }

    void install(@Observes Router router) {
        router.get("/graphql").order(-100).handler(this::watch);
    }

    /**
     * The replica begins to shut down: every websocket is closed with 1001 ("going away"), which graphql-ws clients
     * take as a cue to reconnect (to another replica; they then get the current state first, so no final state is
     * lost), and new upgrades are refused with 503 so that retries go elsewhere.
     */
    void goingAway(@Observes ShutdownDelayInitiatedEvent event) {
        goingAway();
    }

    void stop(@Observes ShutdownEvent event) {
        goingAway();
    }

    private void goingAway() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (!open.isEmpty()) {
            LOG.infof("Shutting down: closing %d websockets (1001) for their clients to reconnect elsewhere", open.size());
        }
        open.forEach(channel -> channel.writeAndFlush(new CloseWebSocketFrame(1001, "Server shutting down: reconnect"))
                .addListener(ChannelFutureListener.CLOSE));
    }

    private volatile boolean stopping;
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    /** Websocket connections open on this replica. */
    public int openWebsockets() {
        return open.size();
    }

    private void watch(RoutingContext context) {
        String upgrade = context.request().getHeader("Upgrade");
        if (upgrade != null && "websocket".equalsIgnoreCase(upgrade)) {
            if (stopping) {
                ElsewhereNow.refuse(context.response(), "This replica is shutting down; reconnect in a moment.");
                return;
            }
            if (!originAllowed(context.request().getHeader("Origin"), context.request().getHeader("Host"))) {
                // Browsers do not apply CORS to websockets: the gateway checks the origin itself.
                LOG.debugf("Refused a websocket from another origin");
                context.response().setStatusCode(403).end();
                return;
            }
            if (!capacity.admitsWebsocket(open.size())) {
                // Full: refused before the upgrade, so that the client's reconnection finds another replica.
                ElsewhereNow.refuse(context.response(),
                        "This replica holds as many websockets as its memory allows; reconnect in a moment.");
                return;
            }
            try {
                watch(context.request().connection(), context.request().headers(), context.response().headers(),
                        UpgradeRequestDone.of(context.request()));
            } catch (RuntimeException e) {
                LOG.debugf("connection_init deadline not armed (%s)", e.getClass().getSimpleName());
            }
            forgetUnread(context.request().headers());
        }
        context.next();
    }

    /**
     * A websocket's upgrade request, headers and all, is held for the connection's life (and SmallRye copies its
     * headers once more): what a browser sends that the gateway never reads goes before that, a kilobyte or two per
     * live UI on a replica holding thousands, and the cookies a browser may attach (credentials of other services)
     * are not kept either.
     */
    static void forgetUnread(MultiMap headers) {
        UNREAD.forEach(headers::remove);
        List<String> hints = headers.names().stream().filter(name -> {
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.startsWith("sec-ch-") || lower.startsWith("sec-fetch-");
        }).toList();
        hints.forEach(headers::remove);
    }

    private static final List<String> UNREAD = List.of("Cookie", "User-Agent", "Accept-Language", "Accept-Encoding",
            "Cache-Control", "Pragma", "Referer", "Priority", "DNT");

    /** Any origin while no list is set; else the listed ones, the gateway's own, and none (non-browser clients). */
    private boolean originAllowed(String origin, String host) {
        return origin == null || cors.origins().isEmpty() || cors.origins().get().contains(origin)
                || host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /**
     * What the upgrade needed and nothing reads once the websocket is open: the handshake's headers, and the headers
     * the gateway's filters set on the upgrade's HTTP response, which the handshake never sends. Vert.x keeps both for
     * the connection's life.
     */
    static void forgetHandshake(MultiMap requestHeaders, MultiMap responseHeaders) {
        HANDSHAKE.forEach(requestHeaders::remove);
        responseHeaders.clear();
    }

    /**
     * The same for SmallRye's copy of a websocket's headers (a map of names to values, made before the handshake and
     * kept for the connection's life); anything else is left as it is.
     */
    public static void forgetHandshake(Object copy) {
        if (copy instanceof Map<?, ?> headers) {
            synchronized (headers) {
                headers.keySet().removeIf(name -> name instanceof String text
                        && HANDSHAKE.stream().anyMatch(text::equalsIgnoreCase));
            }
        }
    }

    private static final List<String> HANDSHAKE = List.of("Upgrade", "Connection", "Origin", "Sec-WebSocket-Key",
            "Sec-WebSocket-Version", "Sec-WebSocket-Extensions");

    private void watch(HttpConnection connection, MultiMap requestHeaders, MultiMap responseHeaders,
            Runnable requestDone) {
        Channel channel = ((ConnectionBase) connection).channel();
        if (open.add(channel)) {
            io.vertx.core.Context requestContext = Vertx.currentContext();
            channel.closeFuture().addListener(closed -> {
                open.remove(channel);
                // Else graceful shutdown counts the websocket's upgrade request as under way for ever; ended on the
                // request's own context, as Quarkus ends any other.
                OnContext.run(requestContext, requestDone);
            });
        }
        AtomicBoolean initialised = new AtomicBoolean();
        long deadline = vertx.setTimer(limits.connectionInitTimeout().toMillis(), id -> {
            if (!initialised.get() && channel.isActive()) {
                LOG.debugf("Closing a websocket that sent no connection_init within %s", limits.connectionInitTimeout());
                channel.writeAndFlush(new CloseWebSocketFrame(4408, "Connection initialisation timeout"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        });
        channel.pipeline().addBefore("handler", WATCH, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext handler, Object message) {
                if (message instanceof TextWebSocketFrame frame
                        && ((frame.rsv() & 4) != 0 || frame.text().contains("connection_init"))) {
                    initialised.set(true);
                    handler.pipeline().remove(this);
                    // Open and initialised: the deadline and the handshake's leftovers go (a connection's life).
                    vertx.cancelTimer(deadline);
                    forgetHandshake(requestHeaders, responseHeaders);
                }
                handler.fireChannelRead(message);
            }
        });
    }
}
