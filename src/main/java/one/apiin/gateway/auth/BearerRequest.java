package one.apiin.gateway.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The {@code Authorization} value of a request or of a websocket {@code connection_init}, to be told apart. */
final class BearerRequest extends BaseAuthenticationRequest {

    private final String authorization;

    BearerRequest(String authorization) {
        this.authorization = authorization;
    }

    String authorization() {
        return authorization;
    }
}
