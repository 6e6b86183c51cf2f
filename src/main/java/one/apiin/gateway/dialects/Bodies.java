package one.apiin.gateway.dialects;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.BadUserInputException.FieldError;
import one.apiin.gateway.support.Echo;

/**
 * A dialect's JSON request body, read field by field with the dialect's names: a missing or null field is absent, a
 * field of the wrong type is a refusal naming it, unknown fields are ignored (as the upstream and OpenAI do).
 */
public final class Bodies {

    private final JsonNode root;

    private Bodies(JsonNode root) {
        this.root = root;
    }

    /** The body as a JSON object, or a refusal saying what is wrong with it. */
    public static Bodies read(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw new BadUserInputException("The request body must be a JSON object; it was empty.");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadUserInputException("The request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        }
        if (root == null || !root.isObject()) {
            throw new BadUserInputException("The request body must be a JSON object.");
        }
        return new Bodies(root);
    }

    public String string(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        return value.textValue();
    }

    public Integer integer(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, "a whole number");
        }
        return value.intValue();
    }

    private BadUserInputException wrongType(String field, String expected) {
        return new BadUserInputException(List.of(new FieldError(field, field + " must be " + expected + ", not "
                + Echo.printable(root.get(field).toString(), Echo.LIMIT))));
    }
}
