package one.apiin.gateway.simulator;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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

    SimulatorControlResource(FailureInjector failures, SimulatorStats stats) {
        this.failures = failures;
        this.stats = stats;
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

    @POST
    @Path("reset")
    @Consumes(MediaType.WILDCARD)
    public void reset() {
        stats.reset();
        failures.reset();
    }

    private static FailureRule requireBody(FailureRule rule) {
        if (rule == null) {
            throw SimulatorException.badRequest("A JSON body with status and count or seconds is required");
        }
        return rule;
    }
}
