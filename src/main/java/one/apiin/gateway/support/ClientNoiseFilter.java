package one.apiin.gateway.support;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Client mistakes and clients that go away are not the server's errors: SmallRye GraphQL logs an ERROR
 * ({@code SRGQL012000}) for every failed field, client errors included, and a WARN for every websocket a client
 * dropped. The gateway logs unexpected failures itself (ERROR, exception classes only) and client errors at DEBUG,
 * so these two are dropped.
 */
@LoggingFilter(name = "gateway-client-noise")
public final class ClientNoiseFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message == null || record.getLoggerName() == null || !record.getLoggerName().startsWith("io.smallrye.graphql")) {
            return true;
        }
        return !(message.startsWith("SRGQL012000") || message.startsWith("Error in websocket"));
    }
}
