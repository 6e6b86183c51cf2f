package one.apiin.gateway.graphql.guard;

import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.errorMessage;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import graphql.introspection.IntrospectionQuery;

/** Each operation limit, set tight here, refuses before anything runs and names itself; introspection still works. */
@QuarkusTest
@TestProfile(OperationLimitsTest.TightLimits.class)
class OperationLimitsTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.limits.depth", "3",
                    "gateway.limits.aliases", "2",
                    "gateway.limits.root-fields", "3",
                    "gateway.limits.cost", "60",
                    "gateway.limits.document-size", "9000");
        }
    }

    @Test
    void tooDeep() {
        assertRefused(post(newKey(), "{ tasks { edges { node { error { code } } } } }"), "depth");
    }

    @Test
    void tooManyAliases() {
        assertRefused(post(newKey(), "{ a: models { id } b: models { id } c: models { id } }"), "aliases");
    }

    @Test
    void tooManyRootFields() {
        assertRefused(post(newKey(), "{ models { id } tasks { pageInfo { hasNextPage } } m: models { name } "
                + "task(id: \"tsk_x\") { id } }"), "rootFields");
    }

    @Test
    void tooCostly() {
        assertRefused(post(newKey(), "{ tasks(first: 50) { edges { cursor } } }"), "cost");
    }

    @Test
    void tooLong() {
        JsonPath answer = post(newKey(), "{ models { id } }" + " ".repeat(9000));
        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(errorMessage(answer)).contains("documentSize");
    }

    @Test
    void withinTheLimitsAQueryRuns() {
        JsonPath answer = post(newKey(), "{ tasks(first: 5) { edges { cursor } } }");
        assertThat(answer.getList("errors")).isNull();
    }

    @Test
    void graphiqlsIntrospectionStillWorks() {
        JsonPath answer = post(null, IntrospectionQuery.INTROSPECTION_QUERY);
        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.__schema.queryType.name")).isEqualTo("Query");
    }

    @Test
    void deepIntrospectionIsRefusedNotAnInternalError() {
        String nested = "{ __schema { types { " + "ofType { ".repeat(60) + "name" + " }".repeat(60) + " } } }";
        assertRefused(post(null, nested), "introspectionDepth");
    }

    @Test
    void wideIntrospectionIsRefused() {
        // A short document that asks for 50 x 45 fields through one fragment spread again and again.
        String wide = "{ __schema { types { " + "...F ".repeat(50) + "} } } fragment F on __Type { "
                + "name ".repeat(45) + "}";
        assertRefused(post(null, wide), "introspectionCost");
    }

    private static void assertRefused(JsonPath answer, String limit) {
        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(errorMessage(answer)).contains("limit " + limit);
        assertThat(answer.getMap("data")).isNull();
    }
}
