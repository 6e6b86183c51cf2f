package one.apiin.gateway.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

import one.apiin.gateway.images.ImageFormat;

@QuarkusTest
class SimulatorResourceTest {

    private static final String KEY = "Bearer aio_test_key";
    private static final String CREATE = "/simulator/api/v1/images/generations";
    private static final String TASK = "/simulator/api/v1/tasks/{taskId}";

    @TestHTTPResource("/simulator-test/callbacks")
    URL callbackSink;

    @BeforeEach
    void resetSimulator() {
        given().post("/simulator/control/reset").then().statusCode(204);
    }

    @Test
    void createsATaskThatCompletesWithDownloadablePngs() {
        String taskId = createTask(
                "{\"model\":\"imagen4\",\"prompt\":\"a red fox\",\"aspect_ratio\":\"16:9\",\"num_images\":2}");

        awaitStatus(taskId, "COMPLETED");
        List<String> urls = poll(taskId).statusCode(200)
                .body("code", equalTo(200))
                .body("data.progress", equalTo(100))
                .body("data.model", equalTo("imagen4"))
                .body("data.error", nullValue())
                .body("data.output.image_urls", hasSize(2))
                .extract().path("data.output.image_urls");
        for (String url : urls) {
            assertThat(url).as(url).startsWith("http://localhost:");
            byte[] png = given().get(url).then().statusCode(200)
                    .contentType("image/png")
                    .header("Cache-Control", containsString("max-age"))
                    .extract().asByteArray();
            PngTestDecoder.Decoded decoded = PngTestDecoder.decode(png);
            assertThat(decoded.width()).isEqualTo(512);
            assertThat(decoded.height()).isEqualTo(288);
        }
        assertThat(urls.get(1)).isNotEqualTo(urls.get(0));
    }

    @Test
    void sizeMarkerSetsThePixelSize() {
        String url = firstImageUrl(createTask(body("a benchmark sim:size=1000x600 sim:duration=0")));

        assertThat(url).endsWith("-0-1000x600.png");
        assertThat(ImageFormat.read(download(url))).contains(new ImageFormat.Info(ImageFormat.PNG, 1000, 600));
    }

    @Test
    void expiringImageUrlsWorkUntilTheirTimeThenAnswer404() {
        String url = firstImageUrl(createTask(body("a short-lived link sim:duration=0 sim:expire=3000")));
        long expiresAt = Long.parseLong(url.replaceAll(".*-e(\\d+)\\.png$", "$1"));

        // Cached no longer than the link lives.
        given().get(url).then().statusCode(200).contentType("image/png")
                .header("Cache-Control", not(containsString("immutable")))
                .header("Cache-Control", matchesPattern("public, max-age=[0-3]"));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get(url).statusCode() == 404);
        assertThat(System.currentTimeMillis()).as("the 404 came after the expiry").isGreaterThanOrEqualTo(expiresAt);
        expectError(given().get(url).then(), 404, "not_found_error");
    }

    @Test
    void delayedImageUrlsAnswer503UntilTheirTimeThenThePicture() {
        String taskId = createTask(body("a lagging cdn sim:duration=0 sim:imageDelay=3000"));
        awaitStatus(taskId, "COMPLETED");
        String url = poll(taskId).extract().path("data.output.image_urls[0]");
        long readyAt = Long.parseLong(url.replaceAll(".*-r(\\d+)\\.png$", "$1"));

        // Right after completion: not ready, and no cache may keep that answer.
        expectError(given().get(url).then(), 503, "service_unavailable_error")
                .body("error.message", equalTo("Image not ready"))
                .header("Cache-Control", equalTo("no-store"));
        assertThat(System.currentTimeMillis()).as("the 503 came before the image was ready").isLessThan(readyAt);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get(url).statusCode() == 200);
        assertThat(System.currentTimeMillis()).as("the 200 came after the delay").isGreaterThanOrEqualTo(readyAt);
        byte[] png = given().get(url).then().statusCode(200).contentType("image/png")
                .header("Cache-Control", containsString("immutable"))
                .extract().asByteArray();
        assertThat(ImageFormat.read(png)).contains(new ImageFormat.Info(ImageFormat.PNG, 512, 512));
    }

    @Test
    void createImagesAnswersTheFinishedImagesAndAPollOfItsIdTheSame() {
        // The task is done when created: the duration, pending and failure markers do not apply.
        ExtractableResponse<Response> created = create(
                "{\"model\":\"imagen4\",\"prompt\":\"direct sim:create=images sim:duration=60000 sim:pending sim:fail\","
                        + "\"num_images\":2}")
                .statusCode(200)
                .body("code", equalTo(200))
                .body("message", equalTo("success"))
                .body("data.task_id", notNullValue())
                .body("data.status", equalTo("completed"))
                .body("data.images", hasSize(2))
                .extract();
        List<String> urls = created.path("data.images.url");

        List<String> polled = poll(created.path("data.task_id")).statusCode(200)
                .body("data.status", equalTo("COMPLETED"))
                .extract().path("data.output.image_urls");
        assertThat(polled).isEqualTo(urls);
        for (String url : urls) {
            assertThat(ImageFormat.read(download(url))).contains(new ImageFormat.Info(ImageFormat.PNG, 512, 512));
        }
    }

    @Test
    void createImagesNoIdAnswersTheImagesWithoutATaskId() {
        create(body("direct sim:create=imagesnoid")).statusCode(200)
                .body("code", equalTo(200))
                .body("message", equalTo("success"))
                .body("data.containsKey('task_id')", equalTo(false))
                .body("data.status", equalTo("completed"))
                .body("data.images", hasSize(1))
                .body("data.images[0].url", startsWith("http://localhost:"));
    }

    @Test
    void aProxyTimeoutIsAnHtml504ForATaskCreatedAndBilledAllTheSame() {
        create(body("behind a proxy sim:create=proxy504 sim:duration=300")).statusCode(504)
                .contentType(ContentType.HTML).body(containsString("504 Gateway Time-out"));

        stats().body("creates", equalTo(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().extract().<Integer> path("billedCredits") == 8);
    }

    /** Issue 19: a generation is billed when it completes, not when it is created; one that never completes never. */
    @Test
    void aGenerationIsBilledWhenItCompletes() {
        createTask(body("billed later sim:duration=1500"));
        createTask(body("never billed sim:pending"));
        createTask(body("never billed either sim:fail sim:duration=0"));

        stats().body("creates", equalTo(3)).body("billedCredits", equalTo(0)).body("running", equalTo(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().extract().<Integer> path("billedCredits") == 8);
        stats().body("running", equalTo(0)).body("billedByKey.size()", equalTo(1));
    }

    /** sim:fewer makes fewer images than asked, billed for those made; sim:b64 sends them inline. */
    @Test
    void fewerImagesThanAskedAreBilledAsMadeAndInlineImagesAreThePictures() {
        String fewer = createTask("{\"model\":\"imagen4\",\"prompt\":\"two of three sim:fewer=2 sim:duration=0\","
                + "\"num_images\":3}");
        awaitStatus(fewer, "COMPLETED");
        poll(fewer).body("data.output.image_urls", hasSize(2));
        stats().body("billedCredits", equalTo(16));

        String inline = createTask(body("inline sim:b64 sim:duration=0"));
        awaitStatus(inline, "COMPLETED");
        String b64 = poll(inline).body("data.output.containsKey('image_urls')", equalTo(false))
                .body("data.output.images", hasSize(1)).extract().path("data.output.images[0].b64_json");
        assertThat(java.util.Base64.getDecoder().decode(b64)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @ParameterizedTest
    @ValueSource(strings = { "images", "imagesnoid" })
    void aCreateAnswerWithImagesIsCreatedAndBilledOnceLikeATaskThatCompletes(String answer) {
        String json = "{\"model\":\"imagen4\",\"prompt\":\"%s\",\"num_images\":3}";
        create(String.format(json, "billed sim:create=" + answer)).statusCode(200);
        String taskId = create(String.format(json, "billed sim:create=" + answer)).extract().path("data.task_id");
        if (taskId != null) {
            poll(taskId).statusCode(200);
            poll(taskId).statusCode(200);
        }
        long direct = ((Number) stats().body("creates", equalTo(2)).extract().path("billedCredits")).longValue();

        given().post("/simulator/control/reset").then().statusCode(204);
        awaitStatus(createTask(String.format(json, "billed sim:duration=0")), "COMPLETED");
        awaitStatus(createTask(String.format(json, "billed sim:duration=0")), "COMPLETED");
        long normal = ((Number) stats().body("creates", equalTo(2)).extract().path("billedCredits")).longValue();

        assertThat(normal).isPositive();
        assertThat(direct).isEqualTo(normal);
    }

    @Test
    void answersTheDocumentedCreateEnvelope() {
        given().header("Authorization", KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"imagen4\",\"prompt\":\"ramen\",\"unknown_field\":true}")
                .post(CREATE).then().statusCode(200)
                .body("code", equalTo(200))
                .body("message", equalTo("success"))
                .body("data.task_id", notNullValue())
                .body("data.status", equalTo("IN_PROGRESS"));
    }

    @Test
    void reportsProgressWhileRunning() {
        String taskId = createTask(body("slow sim:duration=20000"));

        poll(taskId).statusCode(200)
                .body("data.status", equalTo("IN_PROGRESS"))
                .body("data.progress", lessThan(100))
                .body("data.output", nullValue());
    }

    @Test
    void theSameSeedGivesTheSameImagesAndAnotherSeedDifferentOnes() {
        String seeded = "{\"model\":\"imagen4\",\"prompt\":\"a lighthouse sim:duration=0\",\"seed\":%d}";
        String first = firstImageUrl(createTask(String.format(seeded, 42)));
        String again = firstImageUrl(createTask(String.format(seeded, 42)));
        String other = firstImageUrl(createTask(String.format(seeded, 43)));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(download(again)).containsExactly(download(first));
        assertThat(download(other)).isNotEqualTo(download(first));
    }

    @Test
    void rejectsMissingOrMalformedKeys() {
        for (String authorization : new String[] { null, "Bearer sk_live_123", "aio_123", "Bearer aio_" }) {
            var request = given().contentType(ContentType.JSON).body(body("a cat"));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            expectError(request.post(CREATE).then(), 401, "authentication_error")
                    .body("error.message", equalTo("Invalid API key"));
        }
        String taskId = createTask(body("a cat"));
        expectError(given().get(TASK, taskId).then(), 401, "authentication_error");
    }

    @Test
    void rejectsInvalidBodiesNamingTheField() {
        expectError(create("{\"model\":\"imagen4\"}"), 400, "invalid_request_error")
                .body("error.message", containsString("prompt"));
        expectError(create("{\"prompt\":\"a cat\"}"), 400, "invalid_request_error")
                .body("error.message", containsString("model"));
        expectError(create("{\"model\":\"imagen4\",\"prompt\":\"a cat\",\"num_images\":\"many\"}"), 400,
                "invalid_request_error").body("error.message", containsString("num_images"));
        expectError(create("{not json"), 400, "invalid_request_error");
        expectError(create(""), 400, "invalid_request_error");
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 402, 429, 500, 503 })
    void promptMarkersFailTheCreateCall(int status) {
        ValidatableResponse response = expectError(create(body("a cat sim:" + status)), status, null);

        if (status == 429) {
            response.header("Retry-After", "1").body("error.type", equalTo("rate_limit_error"));
        } else {
            response.header("Retry-After", nullValue());
        }
        assertThat((int) stats().extract().path("creates")).isEqualTo(0);
    }

    @Test
    void failMarkerEndsTheTaskFailed() {
        String taskId = createTask(body("a cat sim:fail sim:duration=50"));

        awaitStatus(taskId, "FAILED");
        poll(taskId).body("data.error.message", equalTo("The simulated generation failed"))
                .body("data.output", nullValue());
    }

    @Test
    void poll500MarkerFailsEveryPoll() {
        String taskId = createTask(body("a cat sim:poll500"));

        expectError(poll(taskId), 500, "api_error");
        expectError(poll(taskId), 500, "api_error");
    }

    /** The stand-in serves its pictures as a CDN does, from pictures already painted (PictureBook), not painted anew. */
    @Test
    void imagesAreServedFromThePictureBook() {
        SimulatedImageId image = new SimulatedImageId(0x1234_5678_9abc_def0L, 2, 512, 384);

        byte[] served = given().get("/simulator/images/" + image.encode() + ".png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();

        assertThat(served).containsExactly(PictureBook.png(image.imageSeed(), 2, 512, 384));
    }

    @Test
    void unknownTaskIdsAreNotFound() {
        expectError(poll("n47xxxx_imagen4"), 404, "not_found_error");
        expectError(given().get("/simulator/images/not-an-image.png").then(), 404, "not_found_error");
    }

    @Test
    void injectedCreateFailuresHitTheNextCallsThenStop() {
        given().contentType(ContentType.JSON).body("{\"status\":429,\"count\":2,\"retryAfterSeconds\":3}")
                .post("/simulator/control/create-failures").then().statusCode(200).body("count", equalTo(2));

        expectError(create(body("a cat")), 429, "rate_limit_error").header("Retry-After", "3");
        expectError(create(body("a cat")), 429, "rate_limit_error").header("Retry-After", "3");
        create(body("a cat")).statusCode(200);
        stats().body("creates", equalTo(1)).body("createAttempts", equalTo(3));
    }

    @Test
    void injectedTimedCreateFailuresLastUntilReset() {
        given().contentType(ContentType.JSON).body("{\"status\":503,\"seconds\":30}")
                .post("/simulator/control/create-failures").then().statusCode(200);

        expectError(create(body("a cat")), 503, "service_unavailable_error");
        expectError(create(body("a dog")), 503, "service_unavailable_error");
        given().post("/simulator/control/reset").then().statusCode(204);
        create(body("a cat")).statusCode(200);
    }

    @Test
    void injectedPollFailuresHitPolls() {
        String taskId = createTask(body("a cat"));
        given().contentType(ContentType.JSON).body("{\"status\":500,\"count\":1}")
                .post("/simulator/control/poll-failures").then().statusCode(200);

        expectError(poll(taskId), 500, "api_error");
        poll(taskId).statusCode(200);
    }

    @Test
    void rejectsInvalidFailureRules() {
        given().contentType(ContentType.JSON).body("{\"status\":200,\"count\":1}")
                .post("/simulator/control/create-failures").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"status\":503,\"count\":1,\"seconds\":1}")
                .post("/simulator/control/poll-failures").then().statusCode(400);
    }

    @Test
    void statsCountCreatesAndPolls() {
        create(body("a cat sim:402")).statusCode(402);
        String taskId = createTask(body("a cat"));
        poll(taskId).statusCode(200);
        poll(taskId).statusCode(200);

        // The gateway's own tracker may poll tasks that earlier runs left unfinished in the test database: only this
        // test's task is counted exactly.
        stats().body("creates", equalTo(1))
                .body("createAttempts", equalTo(2))
                .body("totalPolls", greaterThanOrEqualTo(2))
                .body("polls.'" + taskId + "'", equalTo(2));
    }

    @Test
    void postsTheCallbackWhenTheTaskEnds() {
        CallbackSinkResource.RECEIVED.clear();
        String taskId = createTask("{\"model\":\"imagen4\",\"prompt\":\"a cat sim:duration=100\",\"callback_url\":\""
                + callbackSink + "\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> !CallbackSinkResource.RECEIVED.isEmpty());
        assertThat(CallbackSinkResource.RECEIVED.peek())
                .isEqualTo("{\"task_id\":\"" + taskId + "\",\"status\":\"COMPLETED\"}");
    }

    @Test
    void rejectsCallbackUrlsThatAreNotHttp() {
        expectError(create("{\"model\":\"imagen4\",\"prompt\":\"a cat\",\"callback_url\":\"ftp://x/y\"}"), 400,
                "invalid_request_error").body("error.message", containsString("callback_url"));
    }

    private static String body(String prompt) {
        return "{\"model\":\"imagen4\",\"prompt\":\"" + prompt + "\"}";
    }

    private static ValidatableResponse create(String json) {
        return given().header("Authorization", KEY).contentType(ContentType.JSON).body(json).post(CREATE).then();
    }

    private static String createTask(String json) {
        return create(json).statusCode(200).extract().path("data.task_id");
    }

    private static ValidatableResponse poll(String taskId) {
        return given().header("Authorization", KEY).get(TASK, taskId).then();
    }

    private static void awaitStatus(String taskId, String status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(poll(taskId).statusCode(200).extract().path("data.status")));
    }

    private static String firstImageUrl(String taskId) {
        awaitStatus(taskId, "COMPLETED");
        return poll(taskId).extract().path("data.output.image_urls[0]");
    }

    private static byte[] download(String url) {
        return given().get(url).then().statusCode(200).extract().asByteArray();
    }

    private static ValidatableResponse stats() {
        return given().get("/simulator/control/stats").then().statusCode(200);
    }

    private static ValidatableResponse expectError(ValidatableResponse response, int status, String type) {
        response.statusCode(status).contentType(ContentType.JSON)
                .body("error.code", equalTo(status))
                .body("error.message", notNullValue());
        return type == null ? response : response.body("error.type", equalTo(type));
    }
}
