package one.apiin.gateway.error;

import io.smallrye.graphql.api.ErrorCode;

/** {@code NOT_FOUND}: a task that does not exist or belongs to someone else. */
@ErrorCode("NOT_FOUND")
public class NotFoundException extends GatewayException {

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "NOT_FOUND";
    }
}
