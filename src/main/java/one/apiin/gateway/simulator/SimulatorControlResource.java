package one.apiin.gateway.simulator;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Control API for tests and outage drills: inject create or poll failures, read call counters, reset.
 * In memory and per process. Unauthenticated, like the rest of the simulator: it only matters while
 * the gateway's upstream is the simulator.
 */
@Path("/simulator/control")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SimulatorControlResource {

    private final FailureInjector failures;
    private final SimulatorStats stats;
    private final GoneModels gone;

    SimulatorControlResource(FailureInjector failures, SimulatorStats stats, GoneModels gone) {
        this.failures = failures;
        this.stats = stats;
        this.gone = gone;
    }

    /** A model no longer served from now on (until reset): {@code {"model": "imagen4"}}. */
    @POST
    @Path("gone-models")
    public Map<String, String> goneModel(Map<String, String> body) {
        String model = body == null ? null : body.get("model");
        if (model == null || model.isBlank()) {
            throw SimulatorException.badRequest("A JSON body with the model id is required");
        }
        gone.add(model);
        return Map.of("model", model);
    }

    @POST
    @Path("create-failures")
    public FailureRule createFailures(FailureRule rule) {
        return failures.injectCreateFailures(requireBody(rule), System.currentTimeMillis());
    }

    @POST
    @Path("poll-failures")
    public FailureRule pollFailures(FailureRule rule) {
        return failures.injectPollFailures(requireBody(rule), System.currentTimeMillis());
    }

    @POST
    @Path("create-delays")
    public FailureInjector.CreateDelay createDelays(FailureInjector.CreateDelay delay) {
        return failures.delayCreates(delay);
    }

    @GET
    @Path("stats")
    public SimulatorStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** The last create body received with this prompt (as sent, a JSON text) and what it bills; 404 when none. */
    @GET
    @Path("received")
    public SimulatorStats.Received received(@QueryParam("prompt") String prompt) {
        SimulatorStats.Received received = prompt == null ? null : stats.received(prompt);
        if (received == null) {
            throw SimulatorException.of(404, null);
        }
        return received;
    }

    @POST
    @Path("reset")
    @Consumes(MediaType.WILDCARD)
    public void reset() {
        stats.reset();
        failures.reset();
        gone.reset();
    }

    private static FailureRule requireBody(FailureRule rule) {
        if (rule == null) {
            throw SimulatorException.badRequest("A JSON body with status and count or seconds is required");
        }
        return rule;
    }
}
