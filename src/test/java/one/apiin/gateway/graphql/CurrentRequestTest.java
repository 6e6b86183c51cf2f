package one.apiin.gateway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The base of the gateway's own image URLs: GATEWAY_PUBLIC_URL when the operator set it, else the address the caller
 * reached, as its proxy forwarded it. Through the running service: ImagesTest.imageUrlsAreUnderTheAddressTheCallerReached.
 */
class CurrentRequestTest {

    @Test
    void thePublicUrlWinsOverWhateverTheRequestSays() {
        CurrentRequest request = new CurrentRequest(Optional.of(" https://images.example.test/gateway/ "), null);
        assertThat(request.base(null)).isEqualTo("https://images.example.test/gateway");
    }

    @Test
    void elseTheForwardedAddressOrTheHost() {
        assertThat(CurrentRequest.base("https", "cdn.example.test", "10.0.0.7:8080", false))
                .isEqualTo("https://cdn.example.test");
        assertThat(CurrentRequest.base("https, http", "cdn.example.test, proxy.internal", "10.0.0.7:8080", false))
                .as("the first proxy's, nearest the client").isEqualTo("https://cdn.example.test");
        assertThat(CurrentRequest.base(null, null, "gateway.example.test:8443", true))
                .isEqualTo("https://gateway.example.test:8443");
        assertThat(CurrentRequest.base(null, null, "[::1]:8080", false)).isEqualTo("http://[::1]:8080");
    }
}
