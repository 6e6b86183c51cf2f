package one.apiin.gateway.simulator;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders simulator errors in the upstream error shape. */
@Provider
public class SimulatorExceptionMapper implements ExceptionMapper<SimulatorException> {

    @Override
    public Response toResponse(SimulatorException e) {
        return ApiErrors.response(e.status(), e.getMessage(), e.retryAfterSeconds());
    }
}
