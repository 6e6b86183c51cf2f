package one.apiin.gateway.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** GraphQL over HTTP as a frontend sends it: one POST with the document and its variables. */
public final class GraphQL {

    private GraphQL() {
    }

    /** A fresh API in One key: each test owns its tasks, so tests never see each other's. */
    public static String newKey() {
        return "aio_test_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static JsonPath post(String key, String document, Map<String, Object> variables) {
        RequestSpecification request = given().contentType(ContentType.JSON)
                .body(Map.of("query", document, "variables", variables));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request.when().post("/graphql").then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath post(String key, String document) {
        return post(key, document, Map.of());
    }

    /** The single error's {@code extensions.code}. */
    public static String errorCode(JsonPath response) {
        return response.getString("errors[0].extensions.code");
    }

    public static String errorMessage(JsonPath response) {
        return response.getString("errors[0].message");
    }

    /** Polls the task query until the task has ended, and returns that last answer. */
    public static JsonPath awaitEnd(String key, String id) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> post(key, Documents.TASK, Map.of("id", id)),
                        answer -> List.of("SUCCEEDED", "FAILED").contains(answer.getString("data.task.status")));
    }

    /** A GenerateImageInput from name/value pairs (values may be null, unlike Map.of). */
    public static Map<String, Object> input(Object... pairs) {
        Map<String, Object> input = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            input.put((String) pairs[i], pairs[i + 1]);
        }
        return input;
    }
}
