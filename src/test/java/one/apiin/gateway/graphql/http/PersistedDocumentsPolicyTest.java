package one.apiin.gateway.graphql.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import one.apiin.gateway.auth.ApiKeys;
import one.apiin.gateway.graphql.guard.PersistedDocumentsConfig;
import one.apiin.gateway.graphql.guard.TrustedManifest;
import one.apiin.gateway.graphql.http.PersistedDocuments.Resolution;

/** The decisions of the off and trusted modes, and the manifest's checks, without Quarkus. */
class PersistedDocumentsPolicyTest {

    record Config(Mode mode, Optional<String> manifest) implements PersistedDocumentsConfig {
        @Override
        public int maxDocuments() {
            return 10;
        }

        @Override
        public int maxDocumentSize() {
            return 100;
        }

        @Override
        public String prefix() {
            return "test:";
        }
    }

    private static final String DOCUMENT = "{ models { id } }";
    private static final String HASH = ApiKeys.sha256Hex(DOCUMENT);

    @Test
    void offRunsDocumentsAndAnswersAHashAloneInTheProtocolsWords() {
        assertThat(PersistedDocuments.off(new GraphQLRequest(DOCUMENT, null, null, null, HASH)))
                .isInstanceOf(Resolution.Found.class);
        assertThat(PersistedDocuments.off(new GraphQLRequest(null, null, null, null, HASH)))
                .isEqualTo(new Resolution.Refused("BAD_USER_INPUT", "PersistedQueryNotSupported"));
    }

    @Test
    void trustedRunsOnlyListedDocuments() {
        Map<String, String> list = Map.of(HASH, DOCUMENT);
        Resolution byHash = PersistedDocuments.trusted(new GraphQLRequest(null, null, null, null, HASH), list);
        assertThat(((Resolution.Found) byHash).request().query()).isEqualTo(DOCUMENT);
        assertThat(PersistedDocuments.trusted(new GraphQLRequest(DOCUMENT, null, null, null, null), list))
                .isInstanceOf(Resolution.Found.class);
        assertThat(PersistedDocuments.trusted(new GraphQLRequest("{ __typename }", null, null, null, null), list))
                .isInstanceOf(Resolution.Refused.class).extracting("code").isEqualTo("PERSISTED_QUERY_NOT_IN_LIST");
    }

    @Test
    void aManifestWhoseHashIsNotItsDocumentsStopsTheStart(@TempDir Path directory) throws Exception {
        Path good = directory.resolve("good.json");
        Files.writeString(good, "{\"" + HASH + "\": \"" + DOCUMENT + "\"}");
        assertThat(TrustedManifest.load(new Config(PersistedDocumentsConfig.Mode.TRUSTED,
                Optional.of(good.toString())))).containsEntry(HASH, DOCUMENT);
        Path bad = directory.resolve("bad.json");
        Files.writeString(bad, "{\"" + HASH + "\": \"{ __typename }\"}");
        assertThatThrownBy(() -> TrustedManifest.load(new Config(PersistedDocumentsConfig.Mode.TRUSTED,
                Optional.of(bad.toString())))).hasMessageContaining("is not a document whose SHA-256 is its key");
        assertThatThrownBy(() -> TrustedManifest.load(new Config(PersistedDocumentsConfig.Mode.TRUSTED,
                Optional.empty()))).hasMessageContaining("GATEWAY_PERSISTED_DOCUMENTS_MANIFEST");
    }
}
