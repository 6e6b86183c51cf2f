package one.apiin.gateway.generation;

import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.input;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Generations;
import one.apiin.gateway.support.SharedProfiles;
import one.apiin.gateway.support.Simulator;

/**
 * Reference images, where a model takes them: the caller's own images (sent upstream under GATEWAY_PUBLIC_URL) and
 * https URLs of public hosts; anything pointing inside the network, carrying credentials or not https is refused
 * before anything is sent. Tests reach loopback only, so an accepted public https URL is not run here (the upstream
 * would have to fetch it); its checks are the ones refusing below, in the opposite direction. The public address (the
 * gateway itself) is set in the shared {@link SharedProfiles.OptIns} profile.
 */
@QuarkusTest
@TestProfile(SharedProfiles.OptIns.class)
class ReferenceImagesTest {

    @Test
    void anImageOfTheCallersOwnTaskIsSentUnderThePublicAddress() {
        String key = newKey();
        String image = ownImage(key);
        String name = image.substring(image.lastIndexOf('/') + 1);
        String prompt = "a kling from my fox " + UUID.randomUUID();

        JsonPath created = Generations.generate(key, input("prompt", prompt, "model", "kling-image-o1", "numImages", 2,
                "referenceImages", List.of(image)));
        JsonPath ended = awaitEnd(key, created.getString("data.generateImage.id"));

        assertThat(ended.getString("data.task.status")).isEqualTo("SUCCEEDED");
        assertThat(ended.getInt("data.task.creditsCharged")).isEqualTo(12);
        JsonPath body = Simulator.received(prompt);
        assertThat(body.getString("type")).isEqualTo("image-to-image");
        assertThat(body.getString("resolution")).isEqualTo("1k");
        assertThat(body.getList("images", String.class)).singleElement().asString()
                .startsWith("http://localhost:").endsWith("/images/" + name);
        assertThat(Simulator.billedFor(prompt)).isEqualTo(12);
    }

    @Test
    void gptImageTakesThemAsInputUrls() {
        String key = newKey();
        String image = ownImage(key);
        String prompt = "a gpt from my fox " + UUID.randomUUID();
        JsonPath created = Generations.generate(key, input("prompt", prompt, "model", "gpt-image-1.5-official",
                "referenceImages", List.of(image, image), "options", List.of(Map.of("name", "quality", "value", "high"))));
        awaitEnd(key, created.getString("data.generateImage.id"));

        assertThat(Simulator.received(prompt).getList("input_urls")).hasSize(2);
        assertThat(Simulator.received(prompt).getString("quality")).isEqualTo("high");
        assertThat(Simulator.billedFor(prompt)).isEqualTo(28);
    }

    @Test
    void anotherOwnersImageIsNoOwnImage() {
        String image = ownImage(newKey());
        JsonPath answer = post(newKey(), Documents.GENERATE, Map.of("input", input("prompt", "a borrowed fox",
                "model", "kling-image-o1", "referenceImages", List.of(image))));
        assertThat(errorCode(answer)).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("errors[0].extensions.fields[0].message"))
                .isEqualTo("referenceImages[0] must be an https URL (or an image URL of your own tasks)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://images.example/a.png | must be an https URL (or an image URL of your own tasks)",
            "https://user:secret@images.example/a.png | must not carry credentials (user:password@)",
            "https://127.0.0.1/a.png | points to a loopback, private, link-local or metadata address",
            "https://localhost/a.png | points to a loopback, private, link-local or metadata address",
            "https://[::1]:8443/a.png | points to a loopback, private, link-local or metadata address",
            "https://169.254.169.254/latest/meta-data | points to a loopback, private, link-local or metadata address",
            "https://[fd00:ec2::254]/latest | points to a loopback, private, link-local or metadata address",
            "https://10.1.2.3/a.png | points to a loopback, private, link-local or metadata address",
            "https://192.168.1.1/a.png | points to a loopback, private, link-local or metadata address",
            "https://[::ffff:127.0.0.1]/a.png | points to a loopback, private, link-local or metadata address",
            "ftp://images.example/a.png | must be an https URL (or an image URL of your own tasks)",
            "a picture of a fox | must be an absolute https URL of at most 2048 characters",
            "https:///a.png | must name a host" })
    void hostileOrUnfetchableUrlsAreRefusedBeforeAnythingIsSent(String url, String problem) {
        String key = newKey();
        int creates = Simulator.createAttempts();
        JsonPath answer = post(key, Documents.GENERATE, Map.of("input", input("prompt", "a hostile reference",
                "model", "kling-image-o1", "referenceImages", List.of(url))));

        assertThat(errorCode(answer)).as(answer.prettify()).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("errors[0].extensions.fields[0].field")).isEqualTo("referenceImages");
        assertThat(answer.getString("errors[0].extensions.fields[0].message")).startsWith("referenceImages[0] " + problem);
        assertThat(Simulator.createAttempts()).isEqualTo(creates);
        assertThat(post(key, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
        assertThat(errorCode(post(key, ModelOptionsTest.EstimateQuery.ESTIMATE, Map.of("input", input("prompt",
                "a hostile estimate", "model", "kling-image-o1", "referenceImages", List.of(url))))))
                .isEqualTo("BAD_USER_INPUT");
    }

    @Test
    void modelsWithoutReferenceImagesAndTooManyAreRefused() {
        String key = newKey();
        String image = ownImage(key);
        JsonPath none = post(key, Documents.GENERATE, Map.of("input", input("prompt", "an imagen with a reference",
                "model", "imagen4", "referenceImages", List.of(image))));
        assertThat(none.getString("errors[0].extensions.fields[0].message"))
                .isEqualTo("imagen4 takes no reference images; leave referenceImages out");
        JsonPath many = post(key, Documents.GENERATE, Map.of("input", input("prompt", "a kling with many",
                "model", "kling-image-o1", "referenceImages", Collections.nCopies(11, image))));
        assertThat(many.getString("errors[0].extensions.fields[0].message"))
                .isEqualTo("referenceImages must be at most 10 for kling-image-o1 (it has 11)");
    }

    /** The gateway's URL of an image of one of the caller's tasks. */
    private static String ownImage(String key) {
        JsonPath ended = awaitEnd(key, Generations.generate(key, "a fox to refer to " + UUID.randomUUID()));
        return ended.getString("data.task.images[0].url");
    }
}
