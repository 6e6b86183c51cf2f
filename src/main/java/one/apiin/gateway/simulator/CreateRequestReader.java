package one.apiin.gateway.simulator;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Parses and validates a create body. Read from a String rather than bound by the framework so that
 * invalid JSON is answered in the upstream error shape, with a message naming the offending field.
 */
@ApplicationScoped
class CreateRequestReader {

    static final int MAX_MODEL_LENGTH = 100;

    private final ObjectMapper mapper;

    CreateRequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    CreateRequest read(String body) {
        if (body == null || body.isBlank()) {
            throw SimulatorException.badRequest("Request body must be a JSON object with model and prompt");
        }
        CreateRequest request;
        try {
            request = mapper.readValue(body, CreateRequest.class);
        } catch (JsonProcessingException e) {
            throw SimulatorException.badRequest(describe(e));
        }
        if (request == null) {
            throw SimulatorException.badRequest("Request body must be a JSON object with model and prompt");
        }
        validate(request);
        return request;
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return "Request body is not valid JSON";
        }
        if (e instanceof JsonMappingException mapping) {
            List<JsonMappingException.Reference> path = mapping.getPath();
            String field = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
            if (field != null) {
                return "Invalid value for field " + field;
            }
        }
        return "Request body must be a JSON object with model and prompt";
    }

    private static void validate(CreateRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            throw SimulatorException.badRequest("model is required");
        }
        if (request.model().length() > MAX_MODEL_LENGTH) {
            throw SimulatorException.badRequest("model must be at most " + MAX_MODEL_LENGTH + " characters");
        }
        if (request.prompt() == null || request.prompt().isBlank()) {
            throw SimulatorException.badRequest("prompt is required");
        }
        Integer numImages = request.numImages();
        if (numImages != null && (numImages < 1 || numImages > SimulatedTaskId.MAX_IMAGES)) {
            throw SimulatorException.badRequest("num_images must be between 1 and " + SimulatedTaskId.MAX_IMAGES);
        }
        if (!isValidCallbackUrl(request)) {
            throw SimulatorException.badRequest("callback_url must be an absolute http or https URL");
        }
    }

    private static boolean isValidCallbackUrl(CreateRequest request) {
        try {
            URI uri = request.callbackUri().orElse(null);
            return uri == null || (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
