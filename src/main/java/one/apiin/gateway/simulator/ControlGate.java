package one.apiin.gateway.simulator;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import one.apiin.gateway.support.SelfUrl;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * The simulator accepts any {@code aio_} key, renders images for anyone and calls back URLs it is given: it is
 * served only where it is the upstream in use ({@code GATEWAY_UPSTREAM_URL=builtin}: dev, tests, a stand-in
 * instance), and answers 404 everywhere else, production included. Its control API is unauthenticated too: served
 * there unless {@code gateway.simulator.control-enabled} says otherwise.
 */
class ControlGate {

    private final boolean served;
    private final boolean controlOpen;

    ControlGate(SimulatorConfig config, UpstreamConfig upstream) {
        this.served = SelfUrl.SELF.equals(upstream.url());
        this.controlOpen = served && config.controlEnabled().orElse(true);
    }

    @ServerRequestFilter
    Response gate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/simulator")) {
            return null;
        }
        boolean open = path.startsWith("/simulator/control") ? controlOpen : served;
        return open ? null : Response.status(Response.Status.NOT_FOUND).build();
    }
}
