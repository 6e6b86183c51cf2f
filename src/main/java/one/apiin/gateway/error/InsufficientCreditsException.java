package one.apiin.gateway.error;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.smallrye.graphql.api.ErrorCode;

/** {@code INSUFFICIENT_CREDITS}: the upstream answered 402, or a gateway budget is spent. */
@ErrorCode("INSUFFICIENT_CREDITS")
public class InsufficientCreditsException extends GatewayException {

    private final Integer budgetCredits;
    private final Integer remainingCredits;
    private final Instant renewsAt;

    public InsufficientCreditsException(String message) {
        this(message, null, null, null);
    }

    /** A gateway budget's refusal: served with {@code budgetCredits}, {@code remainingCredits}, {@code renewsAt}. */
    public InsufficientCreditsException(String message, Integer budgetCredits, Integer remainingCredits, Instant renewsAt) {
        super(message);
        this.budgetCredits = budgetCredits;
        this.remainingCredits = remainingCredits;
        this.renewsAt = renewsAt;
    }

    @Override
    public Map<String, Object> extensions() {
        if (budgetCredits == null) {
            return Map.of();
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("budgetCredits", budgetCredits);
        extensions.put("remainingCredits", remainingCredits);
        extensions.put("renewsAt", renewsAt.toString());
        return extensions;
    }

    @Override
    public String code() {
        return "INSUFFICIENT_CREDITS";
    }
}
