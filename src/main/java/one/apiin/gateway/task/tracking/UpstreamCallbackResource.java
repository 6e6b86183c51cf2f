package one.apiin.gateway.task.tracking;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Where the upstream POSTs when a task ends. The body is undocumented and unsigned, so it is never read: a valid
 * token only makes the tracker poll now. A wrong or missing token answers 404 and changes nothing.
 */
@Path(UpstreamCallbacks.PATH + "{taskId}")
public class UpstreamCallbackResource {

    private final UpstreamCallbacks callbacks;

    UpstreamCallbackResource(UpstreamCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    @POST
    public Response callback(@PathParam("taskId") String taskId, @QueryParam("token") String token) {
        return callbacks.accept(taskId, token) ? Response.accepted().build()
                : Response.status(Response.Status.NOT_FOUND).build();
    }
}
