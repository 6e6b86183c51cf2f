package one.apiin.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamResponsesTest {

    // ---- envelope / bare, ids ----

    @Test
    void documentedCreateAnswerParses() {
        String body = """
                {"code":200,"message":"success","data":{"task_id":"n47xxxx_imagen4","status":"IN_PROGRESS"}}
                """;
        UpstreamTask t = UpstreamResponses.parseTask(body);
        assertThat(t.taskId()).isEqualTo("n47xxxx_imagen4");
        assertThat(t.status()).isEqualTo(UpstreamStatus.RUNNING);
        assertThat(t.rawStatus()).isEqualTo("IN_PROGRESS");
        assertThat(t.progress()).isNull();
        assertThat(t.imageUrls()).isEmpty();
        assertThat(t.errorMessage()).isNull();
        assertThat(t.raw()).isEqualTo(body);
    }

    @Test
    void bareCreateAnswerParses() {
        String body = """
                {"id":"task_abc123","status":"pending","model":"flux-pro","created_at":"2025-01-01T00:00:00Z"}
                """;
        UpstreamTask t = UpstreamResponses.parseTask(body);
        assertThat(t.taskId()).isEqualTo("task_abc123");
        assertThat(t.status()).isEqualTo(UpstreamStatus.QUEUED);
        assertThat(t.rawStatus()).isEqualTo("pending");
        assertThat(t.raw()).isEqualTo(body);
    }

    @Test
    void envelopeAndBareGiveSameTask() {
        UpstreamTask wrapped = UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"task_id":"t1","status":"completed","progress":100,
                 "images":["https://x/1.png"]}}
                """);
        UpstreamTask bare = UpstreamResponses.parseTask("""
                {"task_id":"t1","status":"completed","progress":100,"images":["https://x/1.png"]}
                """);
        for (UpstreamTask t : List.of(wrapped, bare)) {
            assertThat(t.taskId()).isEqualTo("t1");
            assertThat(t.status()).isEqualTo(UpstreamStatus.SUCCEEDED);
            assertThat(t.progress()).isEqualTo(100);
            assertThat(t.imageUrls()).containsExactly("https://x/1.png");
        }
    }

    @Test
    void dataWithoutCodeOrMessageIsUnwrapped() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"data":{"id":"t2","status":"running"}}
                """);
        assertThat(t.taskId()).isEqualTo("t2");
        assertThat(t.status()).isEqualTo(UpstreamStatus.RUNNING);
    }

    @Test
    void taskIdWinsOverIdAndIdIsFallback() {
        assertThat(UpstreamResponses.parseTask("""
                {"task_id":"from_task_id","id":"from_id","status":"queued"}
                """).taskId()).isEqualTo("from_task_id");
        assertThat(UpstreamResponses.parseTask("""
                {"id":"only_id","status":"queued"}
                """).taskId()).isEqualTo("only_id");
    }

    @Test
    void statusWithoutIdIsAccepted() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"status":"Processing"}}
                """);
        assertThat(t.taskId()).isNull();
        assertThat(t.status()).isEqualTo(UpstreamStatus.RUNNING);
    }

    @Test
    void idWithoutStatusIsUnknown() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"task_id":"t3"}
                """);
        assertThat(t.taskId()).isEqualTo("t3");
        assertThat(t.status()).isEqualTo(UpstreamStatus.UNKNOWN);
        assertThat(t.rawStatus()).isNull();
    }

    // ---- statuses ----

    @ParameterizedTest
    @CsvSource({
            "pending, QUEUED", "PENDING, QUEUED", "Queued, QUEUED", "In_Queue, QUEUED",
            "in_progress, RUNNING", "IN_PROGRESS, RUNNING", "Processing, RUNNING", "rUnNiNg, RUNNING",
            "completed, SUCCEEDED", "COMPLETED, SUCCEEDED", "Success, SUCCEEDED", "SUCCEEDED, SUCCEEDED",
            "failed, FAILED", "FAILED, FAILED", "Error, FAILED",
            "cancelled, UNKNOWN", "done, UNKNOWN", "'', UNKNOWN"
    })
    void mapsEveryStatusWordInAnyCase(String raw, UpstreamStatus expected) {
        assertThat(UpstreamResponses.mapStatus(raw)).isEqualTo(expected);
    }

    @Test
    void mapStatusNullIsUnknown() {
        assertThat(UpstreamResponses.mapStatus(null)).isEqualTo(UpstreamStatus.UNKNOWN);
    }

    @Test
    void mixedCaseStatusInBodyKeepsRawString() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"task_id":"t","status":"In_Queue"}
                """);
        assertThat(t.status()).isEqualTo(UpstreamStatus.QUEUED);
        assertThat(t.rawStatus()).isEqualTo("In_Queue");
    }

    @Test
    void terminalOnlyForSucceededAndFailed() {
        assertThat(UpstreamStatus.SUCCEEDED.terminal()).isTrue();
        assertThat(UpstreamStatus.FAILED.terminal()).isTrue();
        assertThat(UpstreamStatus.QUEUED.terminal()).isFalse();
        assertThat(UpstreamStatus.RUNNING.terminal()).isFalse();
        assertThat(UpstreamStatus.UNKNOWN.terminal()).isFalse();
    }

    // ---- images ----

    @Test
    void imagesAsObjectsWithUrl() {
        assertThat(urls("""
                {"task_id":"t","status":"completed","images":[{"url":"https://x/a.png"},{"url":"https://x/b.png"}]}
                """)).containsExactly("https://x/a.png", "https://x/b.png");
    }

    @Test
    void resultImagesImageUrlAndOpenAiDataAreRead() {
        assertThat(urls("""
                {"task_id":"t","status":"completed","result":{"images":[{"url":"https://x/a.png"}]}}
                """)).containsExactly("https://x/a.png");
        assertThat(urls("""
                {"task_id":"t","status":"completed","image_url":"https://x/a.png"}
                """)).containsExactly("https://x/a.png");
        assertThat(urls("""
                {"code":200,"data":{"task_id":"t","status":"completed","output":{"image_url":"https://x/b.png"}}}
                """)).containsExactly("https://x/b.png");
        assertThat(urls("""
                {"id":"t","status":"completed","data":[{"url":"https://x/a.png"},{"b64_json":"iVBORw0KGgo="}]}
                """)).containsExactly("https://x/a.png", UpstreamResponses.INLINE + "iVBORw0KGgo=");
    }

    @Test
    void imagesAsStrings() {
        assertThat(urls("""
                {"task_id":"t","status":"completed","images":["https://x/a.png","https://x/b.png"]}
                """)).containsExactly("https://x/a.png", "https://x/b.png");
    }

    @Test
    void outputImageUrls() {
        assertThat(urls("""
                {"code":200,"message":"success","data":{"task_id":"t","status":"completed",
                 "output":{"image_urls":["https://x/a.png","https://x/b.png"]}}}
                """)).containsExactly("https://x/a.png", "https://x/b.png");
    }

    @Test
    void outputImagesAsObjects() {
        assertThat(urls("""
                {"task_id":"t","status":"completed","output":{"images":[{"url":"https://x/a.png","width":1024}]}}
                """)).containsExactly("https://x/a.png");
    }

    @Test
    void outputImagesAsStrings() {
        assertThat(urls("""
                {"task_id":"t","status":"completed","output":{"images":["https://x/a.png","https://x/b.png"]}}
                """)).containsExactly("https://x/a.png", "https://x/b.png");
    }

    @Test
    void allImageShapesCollectedInOrderSkippingJunkAndDuplicates() {
        assertThat(urls("""
                {"task_id":"t","status":"completed",
                 "images":[{"url":"https://x/1.png"}, "", "  ", 42, null, {"url":null}, {"nourl":"x"}],
                 "output":{"image_urls":["https://x/2.png", true, "https://x/1.png"],
                           "images":[{"url":"https://x/3.png"}, "https://x/4.png", ["nested"]]}}
                """)).containsExactly("https://x/1.png", "https://x/2.png", "https://x/3.png", "https://x/4.png");
    }

    @Test
    void noImagesGivesEmptyList() {
        assertThat(urls("""
                {"task_id":"t","status":"running","images":null,"output":{"images":"not-an-array"}}
                """)).isEmpty();
    }

    // ---- progress ----

    @Test
    void progressAsNumber() {
        assertThat(progressOf("45")).isEqualTo(45);
        assertThat(progressOf("0")).isEqualTo(0);
        assertThat(progressOf("100")).isEqualTo(100);
    }

    @Test
    void progressAbsentOrNullOrJunkIsNull() {
        assertThat(UpstreamResponses.parseTask("""
                {"task_id":"t","status":"running"}
                """).progress()).isNull();
        assertThat(progressOf("null")).isNull();
        assertThat(progressOf("\"soon\"")).isNull();
        assertThat(progressOf("true")).isNull();
    }

    @Test
    void progressAsNumericStringAndClamped() {
        assertThat(progressOf("\"60\"")).isEqualTo(60);
        assertThat(progressOf("\"60%\"")).isEqualTo(60);
        assertThat(progressOf("150")).isEqualTo(100);
        assertThat(progressOf("-5")).isEqualTo(0);
        assertThat(progressOf("66.6")).isEqualTo(67);
    }

    @Test
    void fractionalProgressWithDecimalPointIsPercentOfOne() {
        assertThat(progressOf("0.45")).isEqualTo(45);
        assertThat(progressOf("\"0.45\"")).isEqualTo(45);
        assertThat(progressOf("1.0")).isEqualTo(100);
        assertThat(progressOf("1")).isEqualTo(1);
    }

    // ---- errors inside a task ----

    @Test
    void errorAsString() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"task_id":"t","status":"FAILED","error":"NSFW content"}}
                """);
        assertThat(t.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(t.errorMessage()).isEqualTo("NSFW content");
    }

    @Test
    void errorAsObject() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"task_id":"t","status":"error","error":{"code":"E42","message":"model overloaded"}}
                """);
        assertThat(t.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(t.errorMessage()).isEqualTo("model overloaded");
    }

    @Test
    void errorMessageAndMessageFieldsOnlyWhenFailed() {
        assertThat(UpstreamResponses.parseTask("""
                {"task_id":"t","status":"failed","error_message":"bad prompt"}
                """).errorMessage()).isEqualTo("bad prompt");
        assertThat(UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"task_id":"t","status":"failed","message":"timed out"}}
                """).errorMessage()).isEqualTo("timed out");
        assertThat(UpstreamResponses.parseTask("""
                {"task_id":"t","status":"running","message":"warming up","error_message":"stale"}
                """).errorMessage()).isNull();
    }

    @Test
    void envelopeSuccessMessageIsNeverAnError() {
        assertThat(UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"task_id":"t","status":"failed"}}
                """).errorMessage()).isNull();
        // Same envelope flattened (no "data"): its "message" still belongs to the envelope.
        assertThat(UpstreamResponses.parseTask("""
                {"code":200,"message":"success","task_id":"t","status":"failed"}
                """).errorMessage()).isNull();
    }

    // ---- rejected bodies ----

    @Test
    void garbageBodyIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> UpstreamResponses.parseTask("<html>secret-prompt</html>"))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("secret-prompt");
        assertThatThrownBy(() -> UpstreamResponses.parseTask("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamResponses.parseTask(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamResponses.parseTask("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamResponses.parseTask("\"just text\"")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bodyWithoutIdOrStatusIsRejected() {
        assertThatThrownBy(() -> UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"model":"imagen4"}}
                """)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":null}
                """)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void envelopeWithErrorCodeAndNoDataIsRejected() {
        assertThatThrownBy(() -> UpstreamResponses.parseTask("""
                {"code":500,"message":"internal error","data":null}
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstream answer has code 500 and no task data");
        assertThatThrownBy(() -> UpstreamResponses.parseTask("""
                {"code":"404","message":"task not found","status":"error"}
                """)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- parseError ----

    @Test
    void parseErrorNestedObject() {
        UpstreamError e = UpstreamResponses.parseError(401, """
                {"error":{"code":401,"message":"Invalid API key","type":"authentication_error"}}
                """, null);
        assertThat(e).isEqualTo(new UpstreamError(401, "Invalid API key", null));
    }

    @Test
    void parseErrorString() {
        assertThat(UpstreamResponses.parseError(400, """
                {"error":"prompt is required"}
                """, null)).isEqualTo(new UpstreamError(400, "prompt is required", null));
    }

    @Test
    void parseErrorTopLevelMessage() {
        assertThat(UpstreamResponses.parseError(500, """
                {"code":500,"message":"internal error","data":null}
                """, null)).isEqualTo(new UpstreamError(500, "internal error", null));
    }

    @Test
    void parseErrorNonJsonOrEmptyGetsGenericMessage() {
        assertThat(UpstreamResponses.parseError(502, "<html>Bad Gateway</html>", null))
                .isEqualTo(new UpstreamError(502, "upstream error (HTTP 502)", null));
        assertThat(UpstreamResponses.parseError(503, "", null))
                .isEqualTo(new UpstreamError(503, "upstream error (HTTP 503)", null));
        assertThat(UpstreamResponses.parseError(503, null, null))
                .isEqualTo(new UpstreamError(503, "upstream error (HTTP 503)", null));
        assertThat(UpstreamResponses.parseError(500, """
                {"error":{"type":"x"},"message":""}
                """, null)).isEqualTo(new UpstreamError(500, "upstream error (HTTP 500)", null));
    }

    @Test
    void retryAfterDeltaSeconds() {
        assertThat(UpstreamResponses.parseError(429, """
                {"error":{"message":"Rate limit exceeded"}}
                """, " 30 ")).isEqualTo(new UpstreamError(429, "Rate limit exceeded", 30));
        assertThat(UpstreamResponses.parseRetryAfter("0", Instant.EPOCH)).isEqualTo(0);
        assertThat(UpstreamResponses.parseRetryAfter("99999999999999", Instant.EPOCH)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void retryAfterHttpDate() {
        Instant now = Instant.parse("2015-10-21T07:27:00Z");
        assertThat(UpstreamResponses.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).isEqualTo(60);
        assertThat(UpstreamResponses.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT",
                Instant.parse("2015-10-21T07:27:59.500Z"))).isEqualTo(1);
        assertThat(UpstreamResponses.parseRetryAfter("Wed, 21 Oct 2015 07:20:00 GMT", now)).isEqualTo(0);
        // Through the public entry point: a date far in the future gives a positive delay.
        Integer viaPublic = UpstreamResponses.parseError(503, "", "Fri, 01 Jan 2100 00:00:00 GMT").retryAfterSeconds();
        assertThat(viaPublic).isNotNull().isPositive();
    }

    @Test
    void retryAfterGarbageIsNull() {
        assertThat(UpstreamResponses.parseError(429, "{}", "soon").retryAfterSeconds()).isNull();
        assertThat(UpstreamResponses.parseRetryAfter("-5", Instant.EPOCH)).isNull();
        assertThat(UpstreamResponses.parseRetryAfter("1.5", Instant.EPOCH)).isNull();
        assertThat(UpstreamResponses.parseRetryAfter("", Instant.EPOCH)).isNull();
        assertThat(UpstreamResponses.parseRetryAfter(null, Instant.EPOCH)).isNull();
    }

    // ---- helpers ----

    private static List<String> urls(String body) {
        return UpstreamResponses.parseTask(body).imageUrls();
    }

    private static Integer progressOf(String jsonValue) {
        return UpstreamResponses.parseTask("{\"task_id\":\"t\",\"status\":\"running\",\"progress\":" + jsonValue + "}")
                .progress();
    }
}
