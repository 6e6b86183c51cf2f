package one.apiin.gateway.simulator;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

/** Test-only receiver for the simulator's task callbacks. */
@Path("/simulator-test/callbacks")
public class CallbackSinkResource {

    static final Queue<String> RECEIVED = new ConcurrentLinkedQueue<>();

    @POST
    @Consumes(MediaType.WILDCARD)
    public void receive(String body) {
        RECEIVED.add(body);
    }
}
