package one.apiin.gateway.task;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON column that holds a task's images. */
final class TaskImages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<TaskImage>> LIST = new TypeReference<>() {
    };

    private TaskImages() {
    }

    static List<TaskImage> read(String json) {
        try {
            return json == null || json.isEmpty() ? List.of() : JSON.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored image list cannot be read", e);
        }
    }

    static String write(List<TaskImage> images) {
        try {
            return JSON.writeValueAsString(images);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An image list cannot be written", e);
        }
    }
}
