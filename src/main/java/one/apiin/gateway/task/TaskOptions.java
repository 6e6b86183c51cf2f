package one.apiin.gateway.task;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON column that holds a task's model options, in the catalog's order. */
final class TaskOptions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private TaskOptions() {
    }

    static Map<String, String> read(String json) {
        try {
            return json == null || json.isEmpty() ? Map.of() : JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored option list cannot be read", e);
        }
    }

    static String write(Map<String, String> options) {
        if (options == null || options.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An option list cannot be written", e);
        }
    }
}
