package one.apiin.gateway.support;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface (health, metrics) of the application under test, on its own port. */
public final class Management {

    private Management() {
    }

    public static String url(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return "http://localhost:" + port + path;
    }
}
