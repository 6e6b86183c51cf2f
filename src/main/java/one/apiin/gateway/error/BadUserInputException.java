package one.apiin.gateway.error;

import java.util.List;
import java.util.Map;

import io.smallrye.graphql.api.ErrorCode;

/** {@code BAD_USER_INPUT}: the input breaks a rule of the contract; nothing was sent upstream or stored. */
@ErrorCode("BAD_USER_INPUT")
public class BadUserInputException extends GatewayException {

    /** One broken rule, named by its input field, for a form to show beside that field. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> fields;

    public BadUserInputException(String message) {
        this(message, List.of());
    }

    /** Broken input rules: the message joins them; {@code extensions.fields} lists them one by one. */
    public BadUserInputException(List<FieldError> fields) {
        this(String.join("; ", fields.stream().map(FieldError::message).toList()), fields);
    }

    private BadUserInputException(String message, List<FieldError> fields) {
        super(message);
        this.fields = List.copyOf(fields);
    }

    @Override
    public String code() {
        return "BAD_USER_INPUT";
    }

    @Override
    public Map<String, Object> extensions() {
        return fields.isEmpty() ? Map.of()
                : Map.of("fields", fields.stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
    }
}
