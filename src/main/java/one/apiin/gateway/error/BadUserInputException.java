package one.apiin.gateway.error;

import io.smallrye.graphql.api.ErrorCode;

/** {@code BAD_USER_INPUT}: the input breaks a rule of the contract; nothing was sent upstream or stored. */
@ErrorCode("BAD_USER_INPUT")
public class BadUserInputException extends GatewayException {

    public BadUserInputException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "BAD_USER_INPUT";
    }
}
