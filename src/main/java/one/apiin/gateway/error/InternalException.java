package one.apiin.gateway.error;

import io.smallrye.graphql.api.ErrorCode;

/** {@code INTERNAL}: anything else; the message says nothing of internals. */
@ErrorCode("INTERNAL")
public class InternalException extends GatewayException {

    public InternalException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "INTERNAL";
    }
}
