package one.apiin.gateway.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * The API in One REST API. Answers come back raw (status and body) because their bodies are only partly
 * documented: {@link ApiInOneClient} parses them and owns timeouts, retries and error mapping.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface ApiInOneRestClient {

    @POST
    @Path("/images/generations")
    Uni<Response> create(@HeaderParam("Authorization") String authorization, UpstreamCreateRequest body);

    @GET
    @Path("/tasks/{taskId}")
    Uni<Response> status(@HeaderParam("Authorization") String authorization, @PathParam("taskId") String taskId);
}
