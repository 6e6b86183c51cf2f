package one.apiin.gateway.auth;

import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.errorMessage;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Simulator;
import one.apiin.gateway.support.Tokens;

/** The three ways in, side by side (the test profile enables them all), and the upstream key each one uses. */
@QuarkusTest
class AuthModesTest {

    static final String GATEWAY_UPSTREAM_KEY = "aio_gateway_own_test_key";
    static final String ADMIN_KEYS = """
            mutation Create($input: CreateApiKeyInput!) {
              createApiKey(input: $input) { key apiKey { id name owner createdAt expiresAt revokedAt budgetCredits } }
            }""";

    @Test
    void aTokenUserGeneratesWithTheGatewaysKeyAndSeesOnlyTheirTasks() {
        String alice = Tokens.user("alice-" + System.nanoTime());
        String bob = Tokens.user("bob-" + System.nanoTime());
        long gatewayKeyCalls = calls(GATEWAY_UPSTREAM_KEY);

        String id = generate(alice, "a token user's lighthouse");
        assertThat(awaitEnd(alice, id).getString("data.task.status")).isEqualTo("SUCCEEDED");

        assertThat(calls(GATEWAY_UPSTREAM_KEY)).isGreaterThan(gatewayKeyCalls);
        assertThat(calls(alice)).isZero();
        assertThat(post(bob, Documents.TASK, Map.of("id", id)).getString("data.task")).isNull();
        assertThat(post(Tokens.user(subjectOf(alice)), Documents.TASK, Map.of("id", id)).getString("data.task.id"))
                .as("the owner is issuer and subject: a new token of the same user sees the task").isEqualTo(id);
    }

    @Test
    void refusedTokensAreUnauthenticatedWithTheReason() {
        assertRefused(Tokens.expired(), "expired");
        assertRefused(Tokens.ofIssuer("https://elsewhere.example"), "issuer");
        assertRefused(Tokens.forged(), "signature");
        assertRefused("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "could not be verified");
        assertRefused("not-a-token-at-all", "could not be verified");
        assertRefused("gk_doesnotexist", "unknown, revoked or expired");
    }

    @Test
    void passThroughKeysStillGoUpstreamAsTheyCame() {
        String key = newKey();
        String id = generate(key, "a pass-through lighthouse");
        assertThat(awaitEnd(key, id).getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(calls(key)).isPositive();
    }

    @Test
    void gatewayKeysAreIssuedByAdminsShownOnceAndRevocable() {
        String admin = Tokens.admin();
        JsonPath created = post(admin, ADMIN_KEYS, Map.of("input", Map.of("name", "storefront")));
        assertThat(created.getList("errors")).isNull();
        String key = created.getString("data.createApiKey.key");
        String keyId = created.getString("data.createApiKey.apiKey.id");
        assertThat(key).startsWith("gk_").hasSize(3 + 43);
        assertThat(created.getString("data.createApiKey.apiKey.owner")).isEqualTo("key:" + keyId);

        String id = generate(key, "a gateway key's lighthouse");
        assertThat(awaitEnd(key, id).getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(calls(key)).isZero();

        JsonPath listed = post(admin, "{ apiKeys { id name owner revokedAt } }");
        assertThat(listed.getList("data.apiKeys.id")).contains(keyId);
        assertThat(listed.prettify()).doesNotContain(key);

        JsonPath revoked = post(admin, "mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }",
                Map.of("id", keyId));
        assertThat(revoked.getString("data.revokeApiKey.revokedAt")).isNotNull();
        JsonPath after = post(key, Documents.TASK, Map.of("id", id));
        assertThat(errorCode(after)).isEqualTo("UNAUTHENTICATED");
        assertThat(errorMessage(after)).contains("revoked");
        assertThat(post(admin, "mutation { revokeApiKey(id: \"key_nosuchkey\") { id } }").getString("data.revokeApiKey"))
                .isNull();
    }

    @Test
    void aKeyActingAsAnOwnerSeesThatOwnersTasks() {
        String subject = "carol-" + System.nanoTime();
        String carol = Tokens.user(subject);
        String id = generate(carol, "carol's lighthouse");
        JsonPath created = post(Tokens.admin(), ADMIN_KEYS,
                Map.of("input", Map.of("name", "carol's server", "owner", Tokens.ISSUER + "|" + subject)));
        String key = created.getString("data.createApiKey.key");
        assertThat(post(key, Documents.TASK, Map.of("id", id)).getString("data.task.id")).isEqualTo(id);
    }

    @Test
    void onlyAdminsManageKeys() {
        for (String caller : new String[] { Tokens.user(), newKey() }) {
            JsonPath refused = post(caller, ADMIN_KEYS, Map.of("input", Map.of("name", "sneaky")));
            assertThat(errorCode(refused)).isEqualTo("UNAUTHENTICATED");
            assertThat(errorMessage(refused)).contains("admins");
            assertThat(errorCode(post(caller, "{ apiKeys { id } }"))).isEqualTo("UNAUTHENTICATED");
        }
    }

    @Test
    void badKeyRequestsNameTheirFields() {
        JsonPath refused = post(Tokens.admin(), ADMIN_KEYS, Map.of("input", Map.of("name", " ", "budgetCredits", -1,
                "expiresAt", "2001-01-01T00:00:00Z")));
        assertThat(errorCode(refused)).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.getList("errors[0].extensions.fields.field")).containsExactly("name", "expiresAt",
                "budgetCredits");
    }

    static String generate(String credential, String prompt) {
        JsonPath created = post(credential, Documents.GENERATE, Map.of("input", Map.of("prompt", prompt,
                "model", "imagen4-fast")));
        assertThat(created.getList("errors")).as(created.prettify()).isNull();
        return created.getString("data.generateImage.id");
    }

    private static void assertRefused(String credential, String reason) {
        JsonPath refused = post(credential, Documents.GENERATE, Map.of("input", Map.of("prompt", "a refused lighthouse")));
        assertThat(errorCode(refused)).isEqualTo("UNAUTHENTICATED");
        assertThat(errorMessage(refused)).contains(reason).doesNotContain(credential);
        assertThat(refused.getString("data")).isNull();
    }

    private static long calls(String key) {
        Map<String, Object> byKey = Simulator.stats().getMap("callsByKey");
        Object count = byKey.get(ApiKeys.sha256Hex(key).substring(0, 16));
        return count == null ? 0 : ((Number) count).longValue();
    }

    private static String subjectOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
    }
}
