package one.apiin.gateway.playground;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PagePolicyTest {

    @Test
    void everythingFromTheGatewayItself() {
        String policy = new PagePolicy(false).contentSecurityPolicy();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self';",
                "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe", "*", "data:");
    }

    @Test
    void imagesFromElsewhereOverHttpsOnlyWhenTheGatewayDoesNotServeThem() {
        assertThat(new PagePolicy(true).contentSecurityPolicy()).contains("img-src 'self' https:;")
                .contains("script-src 'self';");
    }
}
