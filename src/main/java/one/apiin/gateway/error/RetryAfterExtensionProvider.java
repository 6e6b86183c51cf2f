package one.apiin.gateway.error;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import io.smallrye.graphql.api.ErrorExtensionProvider;

/**
 * Adds {@code extensions.retryAfterSeconds} to RATE_LIMITED errors (registered through ServiceLoader).
 * SmallRye GraphQL loads providers once per JVM, while a test run may restart the application in a new class
 * loader: the exception is therefore recognised by class name and read reflectively, not by instanceof.
 */
public class RetryAfterExtensionProvider implements ErrorExtensionProvider {

    @Override
    public String getKey() {
        return "retryAfterSeconds";
    }

    @Override
    public JsonValue mapValueFrom(Throwable exception) {
        if (exception == null || !RateLimitedException.class.getName().equals(exception.getClass().getName())) {
            return null;
        }
        try {
            Object seconds = exception.getClass().getMethod("retryAfterSeconds").invoke(exception);
            return seconds instanceof Integer value ? Json.createValue(value) : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
