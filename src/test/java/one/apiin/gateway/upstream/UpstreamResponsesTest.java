package one.apiin.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("n47xxxx_imagen4", t.taskId());
        assertEquals(UpstreamStatus.RUNNING, t.status());
        assertEquals("IN_PROGRESS", t.rawStatus());
        assertNull(t.progress());
        assertEquals(List.of(), t.imageUrls());
        assertNull(t.errorMessage());
        assertEquals(body, t.raw());
    }

    @Test
    void bareCreateAnswerParses() {
        String body = """
                {"id":"task_abc123","status":"pending","model":"flux-pro","created_at":"2025-01-01T00:00:00Z"}
                """;
        UpstreamTask t = UpstreamResponses.parseTask(body);
        assertEquals("task_abc123", t.taskId());
        assertEquals(UpstreamStatus.QUEUED, t.status());
        assertEquals("pending", t.rawStatus());
        assertEquals(body, t.raw());
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
            assertEquals("t1", t.taskId());
            assertEquals(UpstreamStatus.SUCCEEDED, t.status());
            assertEquals(100, t.progress());
            assertEquals(List.of("https://x/1.png"), t.imageUrls());
        }
    }

    @Test
    void dataWithoutCodeOrMessageIsUnwrapped() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"data":{"id":"t2","status":"running"}}
                """);
        assertEquals("t2", t.taskId());
        assertEquals(UpstreamStatus.RUNNING, t.status());
    }

    @Test
    void taskIdWinsOverIdAndIdIsFallback() {
        assertEquals("from_task_id", UpstreamResponses.parseTask("""
                {"task_id":"from_task_id","id":"from_id","status":"queued"}
                """).taskId());
        assertEquals("only_id", UpstreamResponses.parseTask("""
                {"id":"only_id","status":"queued"}
                """).taskId());
    }

    @Test
    void statusWithoutIdIsAccepted() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"status":"Processing"}}
                """);
        assertNull(t.taskId());
        assertEquals(UpstreamStatus.RUNNING, t.status());
    }

    @Test
    void idWithoutStatusIsUnknown() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"task_id":"t3"}
                """);
        assertEquals("t3", t.taskId());
        assertEquals(UpstreamStatus.UNKNOWN, t.status());
        assertNull(t.rawStatus());
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
        assertEquals(expected, UpstreamResponses.mapStatus(raw));
    }

    @Test
    void mapStatusNullIsUnknown() {
        assertEquals(UpstreamStatus.UNKNOWN, UpstreamResponses.mapStatus(null));
    }

    @Test
    void mixedCaseStatusInBodyKeepsRawString() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"task_id":"t","status":"In_Queue"}
                """);
        assertEquals(UpstreamStatus.QUEUED, t.status());
        assertEquals("In_Queue", t.rawStatus());
    }

    @Test
    void terminalOnlyForSucceededAndFailed() {
        assertTrue(UpstreamStatus.SUCCEEDED.terminal());
        assertTrue(UpstreamStatus.FAILED.terminal());
        assertFalse(UpstreamStatus.QUEUED.terminal());
        assertFalse(UpstreamStatus.RUNNING.terminal());
        assertFalse(UpstreamStatus.UNKNOWN.terminal());
    }

    // ---- images ----

    @Test
    void imagesAsObjectsWithUrl() {
        assertEquals(List.of("https://x/a.png", "https://x/b.png"), urls("""
                {"task_id":"t","status":"completed","images":[{"url":"https://x/a.png"},{"url":"https://x/b.png"}]}
                """));
    }

    @Test
    void imagesAsStrings() {
        assertEquals(List.of("https://x/a.png", "https://x/b.png"), urls("""
                {"task_id":"t","status":"completed","images":["https://x/a.png","https://x/b.png"]}
                """));
    }

    @Test
    void outputImageUrls() {
        assertEquals(List.of("https://x/a.png", "https://x/b.png"), urls("""
                {"code":200,"message":"success","data":{"task_id":"t","status":"completed",
                 "output":{"image_urls":["https://x/a.png","https://x/b.png"]}}}
                """));
    }

    @Test
    void outputImagesAsObjects() {
        assertEquals(List.of("https://x/a.png"), urls("""
                {"task_id":"t","status":"completed","output":{"images":[{"url":"https://x/a.png","width":1024}]}}
                """));
    }

    @Test
    void outputImagesAsStrings() {
        assertEquals(List.of("https://x/a.png", "https://x/b.png"), urls("""
                {"task_id":"t","status":"completed","output":{"images":["https://x/a.png","https://x/b.png"]}}
                """));
    }

    @Test
    void allImageShapesCollectedInOrderSkippingJunkAndDuplicates() {
        assertEquals(List.of("https://x/1.png", "https://x/2.png", "https://x/3.png", "https://x/4.png"), urls("""
                {"task_id":"t","status":"completed",
                 "images":[{"url":"https://x/1.png"}, "", "  ", 42, null, {"url":null}, {"nourl":"x"}],
                 "output":{"image_urls":["https://x/2.png", true, "https://x/1.png"],
                           "images":[{"url":"https://x/3.png"}, "https://x/4.png", ["nested"]]}}
                """));
    }

    @Test
    void noImagesGivesEmptyList() {
        assertEquals(List.of(), urls("""
                {"task_id":"t","status":"running","images":null,"output":{"images":"not-an-array"}}
                """));
    }

    // ---- progress ----

    @Test
    void progressAsNumber() {
        assertEquals(45, progressOf("45"));
        assertEquals(0, progressOf("0"));
        assertEquals(100, progressOf("100"));
    }

    @Test
    void progressAbsentOrNullOrJunkIsNull() {
        assertNull(UpstreamResponses.parseTask("""
                {"task_id":"t","status":"running"}
                """).progress());
        assertNull(progressOf("null"));
        assertNull(progressOf("\"soon\""));
        assertNull(progressOf("true"));
    }

    @Test
    void progressAsNumericStringAndClamped() {
        assertEquals(60, progressOf("\"60\""));
        assertEquals(60, progressOf("\"60%\""));
        assertEquals(100, progressOf("150"));
        assertEquals(0, progressOf("-5"));
        assertEquals(67, progressOf("66.6"));
    }

    @Test
    void fractionalProgressWithDecimalPointIsPercentOfOne() {
        assertEquals(45, progressOf("0.45"));
        assertEquals(45, progressOf("\"0.45\""));
        assertEquals(100, progressOf("1.0"));
        assertEquals(1, progressOf("1"));
    }

    // ---- errors inside a task ----

    @Test
    void errorAsString() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"task_id":"t","status":"FAILED","error":"NSFW content"}}
                """);
        assertEquals(UpstreamStatus.FAILED, t.status());
        assertEquals("NSFW content", t.errorMessage());
    }

    @Test
    void errorAsObject() {
        UpstreamTask t = UpstreamResponses.parseTask("""
                {"task_id":"t","status":"error","error":{"code":"E42","message":"model overloaded"}}
                """);
        assertEquals(UpstreamStatus.FAILED, t.status());
        assertEquals("model overloaded", t.errorMessage());
    }

    @Test
    void errorMessageAndMessageFieldsOnlyWhenFailed() {
        assertEquals("bad prompt", UpstreamResponses.parseTask("""
                {"task_id":"t","status":"failed","error_message":"bad prompt"}
                """).errorMessage());
        assertEquals("timed out", UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"task_id":"t","status":"failed","message":"timed out"}}
                """).errorMessage());
        assertNull(UpstreamResponses.parseTask("""
                {"task_id":"t","status":"running","message":"warming up","error_message":"stale"}
                """).errorMessage());
    }

    @Test
    void envelopeSuccessMessageIsNeverAnError() {
        assertNull(UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"task_id":"t","status":"failed"}}
                """).errorMessage());
        // Same envelope flattened (no "data"): its "message" still belongs to the envelope.
        assertNull(UpstreamResponses.parseTask("""
                {"code":200,"message":"success","task_id":"t","status":"failed"}
                """).errorMessage());
    }

    // ---- rejected bodies ----

    @Test
    void garbageBodyIsRejectedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UpstreamResponses.parseTask("<html>secret-prompt</html>"));
        assertFalse(e.getMessage().contains("secret-prompt"));
        assertThrows(IllegalArgumentException.class, () -> UpstreamResponses.parseTask(""));
        assertThrows(IllegalArgumentException.class, () -> UpstreamResponses.parseTask(null));
        assertThrows(IllegalArgumentException.class, () -> UpstreamResponses.parseTask("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> UpstreamResponses.parseTask("\"just text\""));
    }

    @Test
    void bodyWithoutIdOrStatusIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":{"model":"imagen4"}}
                """));
        assertThrows(IllegalArgumentException.class, () -> UpstreamResponses.parseTask("""
                {"code":200,"message":"success","data":null}
                """));
    }

    @Test
    void envelopeWithErrorCodeAndNoDataIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpstreamResponses.parseTask("""
                {"code":500,"message":"internal error","data":null}
                """));
        assertEquals("upstream answer has code 500 and no task data", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UpstreamResponses.parseTask("""
                {"code":"404","message":"task not found","status":"error"}
                """));
    }

    // ---- parseError ----

    @Test
    void parseErrorNestedObject() {
        UpstreamError e = UpstreamResponses.parseError(401, """
                {"error":{"code":401,"message":"Invalid API key","type":"authentication_error"}}
                """, null);
        assertEquals(new UpstreamError(401, "Invalid API key", null), e);
    }

    @Test
    void parseErrorString() {
        assertEquals(new UpstreamError(400, "prompt is required", null),
                UpstreamResponses.parseError(400, """
                        {"error":"prompt is required"}
                        """, null));
    }

    @Test
    void parseErrorTopLevelMessage() {
        assertEquals(new UpstreamError(500, "internal error", null),
                UpstreamResponses.parseError(500, """
                        {"code":500,"message":"internal error","data":null}
                        """, null));
    }

    @Test
    void parseErrorNonJsonOrEmptyGetsGenericMessage() {
        assertEquals(new UpstreamError(502, "upstream error (HTTP 502)", null),
                UpstreamResponses.parseError(502, "<html>Bad Gateway</html>", null));
        assertEquals(new UpstreamError(503, "upstream error (HTTP 503)", null),
                UpstreamResponses.parseError(503, "", null));
        assertEquals(new UpstreamError(503, "upstream error (HTTP 503)", null),
                UpstreamResponses.parseError(503, null, null));
        assertEquals(new UpstreamError(500, "upstream error (HTTP 500)", null),
                UpstreamResponses.parseError(500, """
                        {"error":{"type":"x"},"message":""}
                        """, null));
    }

    @Test
    void retryAfterDeltaSeconds() {
        assertEquals(new UpstreamError(429, "Rate limit exceeded", 30),
                UpstreamResponses.parseError(429, """
                        {"error":{"message":"Rate limit exceeded"}}
                        """, " 30 "));
        assertEquals(0, UpstreamResponses.parseRetryAfter("0", Instant.EPOCH));
        assertEquals(Integer.MAX_VALUE, UpstreamResponses.parseRetryAfter("99999999999999", Instant.EPOCH));
    }

    @Test
    void retryAfterHttpDate() {
        Instant now = Instant.parse("2015-10-21T07:27:00Z");
        assertEquals(60, UpstreamResponses.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now));
        assertEquals(1, UpstreamResponses.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT",
                Instant.parse("2015-10-21T07:27:59.500Z")));
        assertEquals(0, UpstreamResponses.parseRetryAfter("Wed, 21 Oct 2015 07:20:00 GMT", now));
        // Through the public entry point: a date far in the future gives a positive delay.
        Integer viaPublic = UpstreamResponses.parseError(503, "", "Fri, 01 Jan 2100 00:00:00 GMT").retryAfterSeconds();
        assertTrue(viaPublic != null && viaPublic > 0);
    }

    @Test
    void retryAfterGarbageIsNull() {
        assertNull(UpstreamResponses.parseError(429, "{}", "soon").retryAfterSeconds());
        assertNull(UpstreamResponses.parseRetryAfter("-5", Instant.EPOCH));
        assertNull(UpstreamResponses.parseRetryAfter("1.5", Instant.EPOCH));
        assertNull(UpstreamResponses.parseRetryAfter("", Instant.EPOCH));
        assertNull(UpstreamResponses.parseRetryAfter(null, Instant.EPOCH));
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
