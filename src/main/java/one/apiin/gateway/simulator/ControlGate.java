package one.apiin.gateway.simulator;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import one.apiin.gateway.support.SelfUrl;
import one.apiin.gateway.upstream.UpstreamConfig;

/**
 * The control API is unauthenticated: it is served only where the simulator is the upstream in use
 * ({@code GATEWAY_UPSTREAM_URL=builtin}: dev, tests, a stand-in instance) unless
 * {@code gateway.simulator.control-enabled} says otherwise. Elsewhere it answers 404.
 */
class ControlGate {

    private final boolean open;

    ControlGate(SimulatorConfig config, UpstreamConfig upstream) {
        this.open = config.controlEnabled().orElse(SelfUrl.SELF.equals(upstream.url()));
    }

    @ServerRequestFilter
    Response gate(ContainerRequestContext request) {
        boolean control = request.getUriInfo().getPath().startsWith("/simulator/control");
        return control && !open ? Response.status(Response.Status.NOT_FOUND).build() : null;
    }
}
