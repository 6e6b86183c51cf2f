package one.apiin.gateway.error;

import io.smallrye.graphql.api.ErrorCode;

/** {@code UNAUTHENTICATED}: no credentials, or credentials the upstream or the gateway refuses. */
@ErrorCode("UNAUTHENTICATED")
public class UnauthenticatedException extends GatewayException {

    public UnauthenticatedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "UNAUTHENTICATED";
    }
}
