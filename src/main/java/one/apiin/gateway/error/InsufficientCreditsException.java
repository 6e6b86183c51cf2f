package one.apiin.gateway.error;

import io.smallrye.graphql.api.ErrorCode;

/** {@code INSUFFICIENT_CREDITS}: the upstream answered 402. */
@ErrorCode("INSUFFICIENT_CREDITS")
public class InsufficientCreditsException extends GatewayException {

    public InsufficientCreditsException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "INSUFFICIENT_CREDITS";
    }
}
