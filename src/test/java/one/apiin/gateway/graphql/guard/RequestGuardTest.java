package one.apiin.gateway.graphql.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import graphql.language.OperationDefinition;

class RequestGuardTest {

    /** Only the document size is asked of the limits here. */
    private static final LimitsConfig LIMITS = (LimitsConfig) Proxy.newProxyInstance(
            LimitsConfig.class.getClassLoader(), new Class<?>[] { LimitsConfig.class }, (proxy, method, args) -> 200);

    private final RequestGuard guard = new RequestGuard(LIMITS);

    /** The transport looks at the operation in the document the guard parsed: a text is parsed once, not per request. */
    @Test
    void aDocumentThatParsesIsParsedOnceForEveryRequestThatSendsIt() {
        String text = "mutation($input: GenerateImageInput!) { generateImage(input: $input) { id } }";

        assertThat(guard.problem(text)).isNull();
        assertThat(guard.problem(text)).isNull();

        assertThat(guard.document(text)).isSameAs(guard.document(text));
        assertThat(guard.document(text).getDefinitionsOfType(OperationDefinition.class)).singleElement()
                .extracting(OperationDefinition::getOperation).isEqualTo(OperationDefinition.Operation.MUTATION);
    }

    @Test
    void aDocumentThatDoesNotParseOrIsTooLongIsRefusedWithWhatToFix() {
        assertThat(guard.problem("{ models { id }")).startsWith("The document is not valid GraphQL");
        assertThat(guard.problem("{ models { id } } ".repeat(20))).contains("at most 200 are accepted");
        assertThat(guard.problem(" ")).isEqualTo("The document is empty: send a GraphQL query or mutation.");
    }

    /** Past the guard's memory, documents are forgotten and parsed anew, still the same operation. */
    @Test
    void aForgottenDocumentIsParsedAgain() {
        String text = "{ models { id } }";
        assertThat(guard.problem(text)).isNull();
        for (int i = 0; i < 600; i++) {
            assertThat(guard.problem("{ m" + i + " }")).isNull();
        }

        assertThat(guard.document(text).getDefinitionsOfType(OperationDefinition.class)).hasSize(1);
    }
}
