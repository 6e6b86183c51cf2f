package one.apiin.gateway.error;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import io.smallrye.graphql.api.ErrorExtensionProvider;

/** Adds {@code extensions.retryAfterSeconds} to RATE_LIMITED errors (registered through ServiceLoader). */
public class RetryAfterExtensionProvider implements ErrorExtensionProvider {

    @Override
    public String getKey() {
        return "retryAfterSeconds";
    }

    @Override
    public JsonValue mapValueFrom(Throwable exception) {
        if (exception instanceof RateLimitedException rateLimited && rateLimited.retryAfterSeconds() != null) {
            return Json.createValue(rateLimited.retryAfterSeconds());
        }
        return null;
    }
}
