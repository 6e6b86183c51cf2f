package one.apiin.gateway.support;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;

/**
 * This service's own base URL on the loopback interface, read when first needed: in tests the port is chosen at
 * start, so it is known only once the server listens.
 */
public final class SelfUrl {

    /** The configuration value that stands for this service itself. */
    public static final String SELF = "builtin";

    private SelfUrl() {
    }

    public static String base() {
        String portKey = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = ConfigProvider.getConfig().getOptionalValue(portKey, Integer.class).orElse(8080);
        return "http://localhost:" + port;
    }

    /** {@code value}, or this service's base URL when it is {@value #SELF}. */
    public static String resolve(String value) {
        return SELF.equals(value) ? base() : value;
    }
}
