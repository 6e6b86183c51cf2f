package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** Gateway keys issued through the admin API, as an operator would, for tests that need budgets or limits. */
public final class GatewayKeysForTests {

    public static final String CREATE = """
            mutation Create($input: CreateApiKeyInput!) {
              createApiKey(input: $input) { key apiKey { id owner budgetCredits } }
            }""";

    private GatewayKeysForTests() {
    }

    /** A new key of a new owner, with the given settings (name/value pairs of CreateApiKeyInput). */
    public static String issue(Object... settings) {
        Map<String, Object> input = new HashMap<>(GraphQL.input(settings));
        input.putIfAbsent("name", "test key");
        JsonPath created = GraphQL.post(Tokens.admin(), CREATE, Map.of("input", input));
        assertThat(created.getList("errors")).as(created.prettify()).isNull();
        return created.getString("data.createApiKey.key");
    }
}
