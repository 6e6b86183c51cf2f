package one.apiin.gateway.graphql.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.graphql.http.GraphQLRequest.Ok;
import one.apiin.gateway.graphql.http.GraphQLRequest.Refused;

import graphql.parser.Parser;

/** Reading requests, negotiating types and telling operations apart, without Quarkus. */
class HttpRequestsTest {

    @Test
    void acceptIsNegotiatedByWeightThenOrder() {
        assertThat(MediaType.negotiate(null)).isEqualTo(MediaType.JSON);
        assertThat(MediaType.negotiate("*/*")).isEqualTo(MediaType.JSON);
        assertThat(MediaType.negotiate("application/graphql-response+json, application/json;q=0.9"))
                .isEqualTo(MediaType.GRAPHQL_RESPONSE_JSON);
        assertThat(MediaType.negotiate("application/json, application/graphql-response+json"))
                .isEqualTo(MediaType.JSON);
        assertThat(MediaType.negotiate("application/graphql-response+json;q=0.5, application/json"))
                .isEqualTo(MediaType.JSON);
        assertThat(MediaType.negotiate("text/event-stream")).isEqualTo(MediaType.EVENT_STREAM);
        assertThat(MediaType.negotiate("text/html")).isNull();
        assertThat(MediaType.negotiate("application/json;q=0")).isNull();
    }

    @Test
    void wrongTypedFieldsAreRefusedWith400() {
        assertThat(GraphQLRequest.fromBody("application/json", "{\"query\": 1}")).isInstanceOf(Refused.class);
        assertThat(GraphQLRequest.fromBody("application/json", "{\"query\": \"{a}\", \"extensions\": []}"))
                .isEqualTo(new Refused(400, "extensions must be a JSON object (for example {\"persistedQuery\": {…}})."));
        assertThat(GraphQLRequest.fromBody(null, "{}")).extracting("status").isEqualTo(415);
        assertThat(GraphQLRequest.fromBody("application/json; charset=utf-8", "{\"query\": \"{a}\"}"))
                .isInstanceOf(Ok.class);
        assertThat(GraphQLRequest.fromParameters(Map.of("query", List.of("{a}"), "variables", List.of("{"))))
                .isInstanceOf(Refused.class);
    }

    @Test
    void aHashComesFromPersistedQueryOrDocumentId() {
        String hash = "a".repeat(64);
        Ok apq = (Ok) GraphQLRequest.fromBody("application/json",
                "{\"extensions\": {\"persistedQuery\": {\"version\": 1, \"sha256Hash\": \"" + hash.toUpperCase() + "\"}}}");
        assertThat(apq.request().hash()).isEqualTo(hash);
        assertThat(apq.request().query()).isNull();
        Ok id = (Ok) GraphQLRequest.fromParameters(Map.of("documentId", List.of("sha256:" + hash)));
        assertThat(id.request().hash()).isEqualTo(hash);
        assertThat(GraphQLRequest.fromParameters(Map.of("documentId", List.of("md5:" + hash))))
                .isInstanceOf(Refused.class);
    }

    @Test
    void onlyTheCatalogAndTheSchemaArePublic() {
        assertThat(operation("{ models { id } }", null)).isEqualTo(new Operation(Operation.Kind.QUERY, true));
        assertThat(operation("{ models { id } tasks { pageInfo { hasNextPage } } }", null).isPublic()).isFalse();
        assertThat(operation("query { ...F } fragment F on Query { models { id } }", null).isPublic()).isFalse();
        assertThat(operation("query A { models { id } } mutation B { x }", "B").kind())
                .isEqualTo(Operation.Kind.MUTATION);
        assertThat(operation("query A { a } query B { b }", null).kind()).isEqualTo(Operation.Kind.UNKNOWN);
        assertThat(operation("subscription { task(id: 1) { id } }", null).kind())
                .isEqualTo(Operation.Kind.SUBSCRIPTION);
    }

    private static Operation operation(String document, String operationName) {
        return Operation.of(Parser.parse(document), operationName);
    }
}
