package one.apiin.gateway.task.tracking;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * Where the upstream POSTs when a task ends. A valid token makes the tracker poll now; the body is read for one thing
 * only, the upstream's task id, and only for a task whose creation answer never named it (a timeout, a proxy's 504,
 * an unreadable 2xx): that generation is then followed and charged like any. A wrong or missing token answers 404
 * and changes nothing.
 */
@Path(UpstreamCallbacks.PATH + "{taskId}")
public class UpstreamCallbackResource {

    private final UpstreamCallbacks callbacks;

    UpstreamCallbackResource(UpstreamCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> callback(@PathParam("taskId") String taskId, @QueryParam("token") String token, String body) {
        return callbacks.accept(taskId, token, body).map(accepted -> accepted ? Response.accepted().build()
                : Response.status(Response.Status.NOT_FOUND).build());
    }
}
