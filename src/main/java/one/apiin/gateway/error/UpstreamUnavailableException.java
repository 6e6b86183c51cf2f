package one.apiin.gateway.error;

import io.smallrye.graphql.api.ErrorCode;

/** {@code UPSTREAM_UNAVAILABLE}: the upstream could not be reached or kept failing past the retry deadline. */
@ErrorCode("UPSTREAM_UNAVAILABLE")
public class UpstreamUnavailableException extends GatewayException {

    public UpstreamUnavailableException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "UPSTREAM_UNAVAILABLE";
    }
}
