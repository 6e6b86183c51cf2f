package one.apiin.gateway.upstream;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import one.apiin.gateway.support.Redact;

/**
 * Turns upstream ("API in One") answers into {@link UpstreamTask} / {@link UpstreamError}.
 * The status body is undocumented, so every lookup is defensive: wrong types and missing fields
 * are treated as absent instead of failing the whole answer.
 */
public final class UpstreamResponses {

    /** Thread-safe once configured; shared so we do not rebuild Jackson's caches per call. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UpstreamResponses() {
    }

    /**
     * Parses a create or status answer. Throws IllegalArgumentException (message without the body)
     * when the body is not JSON or holds no task id and no status.
     */
    public static UpstreamTask parseTask(String body) {
        JsonNode root = readObject(body);
        if (root == null) {
            // The body may hold user prompts or keys echoed back, so it never goes into the message.
            throw new IllegalArgumentException("upstream task answer is not a JSON object");
        }
        JsonNode task = taskNode(root);
        String taskId = text(task.get("task_id"));
        if (taskId == null) {
            taskId = text(task.get("id"));
        }
        if (taskId == null) {
            taskId = text(task.get("taskId"));
        }
        String rawStatus = text(task.get("status"));
        if (taskId == null && rawStatus == null) {
            throw new IllegalArgumentException("upstream task answer holds neither a task id nor a status");
        }
        UpstreamStatus status = mapStatus(rawStatus);
        // The envelope's own "message" ("success") must never pass for a task error.
        boolean messageIsEnvelopes = task == root && root.has("code");
        return new UpstreamTask(taskId, status, rawStatus, progress(task.get("progress")),
                imageUrls(task, root), Redact.keys(errorMessage(task, status, messageIsEnvelopes)), body);
    }

    /**
     * Parses an error answer: {"error":{"code":401,"message":"Invalid API key","type":"…"}}, or {"error":"…"},
     * or {"message":"…"}, or non-JSON/empty.
     */
    public static UpstreamError parseError(int httpStatus, String body, String retryAfterHeader) {
        // Upstreams may quote the key they refused: it never goes further.
        String message = Redact.keys(errorBodyMessage(readObject(body)));
        if (message == null) {
            // Non-JSON bodies are often proxy HTML pages: not worth showing to GraphQL clients.
            message = "upstream error (HTTP " + httpStatus + ")";
        }
        return new UpstreamError(httpStatus, message, parseRetryAfter(retryAfterHeader, Instant.now()));
    }

    /**
     * Whether an error answer is the upstream's own envelope, {"error":{"code":…,"message":…}}: the API itself answered
     * (and refused), rather than a proxy in front of it (an HTML page, an empty body), which cannot tell what the API
     * did with the request.
     */
    public static boolean isUpstreamError(String body) {
        JsonNode root = readObject(body);
        JsonNode error = root == null ? null : root.get("error");
        return error != null && error.isObject() && intValue(error.get("code")) != null
                && text(error.get("message")) != null;
    }

    /** Maps a status string (any letter case), null → UNKNOWN. */
    public static UpstreamStatus mapStatus(String status) {
        if (status == null) {
            return UpstreamStatus.UNKNOWN;
        }
        // Tolerate "In Progress" / "in-progress" spellings too: same word, different separator.
        String s = status.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        switch (s) {
            case "pending":
            case "queued":
            case "in_queue":
                return UpstreamStatus.QUEUED;
            case "in_progress":
            case "processing":
            case "running":
                return UpstreamStatus.RUNNING;
            case "completed":
            case "success":
            case "succeeded":
                return UpstreamStatus.SUCCEEDED;
            case "failed":
            case "error":
                return UpstreamStatus.FAILED;
            default:
                return UpstreamStatus.UNKNOWN;
        }
    }

    /** Retry-After as delta-seconds or IMF-fixdate (RFC 1123); a date in the past means "now" (0). */
    static Integer parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        if (h.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.valueOf(h);
            } catch (NumberFormatException tooBig) {
                return Integer.MAX_VALUE;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long millis = Duration.between(now, at).toMillis();
            // Round up so a client that waits the advertised time is never early.
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (millis + 999) / 1000));
        } catch (DateTimeParseException garbage) {
            return null;
        }
    }

    // ---- helpers ----

    /** The JSON object in body, or null when it is empty, not JSON, or not an object. */
    private static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Unwraps the {"code","message","data"} envelope; a bare task is its own node. */
    private static JsonNode taskNode(JsonNode root) {
        JsonNode data = root.get("data");
        if (data != null && data.isObject()) {
            return data;
        }
        Integer code = intValue(root.get("code"));
        if (code != null && code != 200) {
            // An envelope reporting failure with no task: the caller must not mistake it for a task.
            throw new IllegalArgumentException("upstream answer has code " + code + " and no task data");
        }
        return root;
    }

    /**
     * The images of an answer, wherever it puts them: {@code images[]}, {@code image_url}, {@code image_urls[]}, the
     * same under {@code output} and under {@code result}, and an OpenAI-style top-level {@code data[]}; duplicates kept
     * once. Inline images ({@code b64_json}) become {@code data:} URLs, decoded when the image is kept.
     */
    private static List<String> imageUrls(JsonNode task, JsonNode root) {
        Set<String> urls = new LinkedHashSet<>();
        addUrls(task.get("images"), urls);
        addImages(task, urls);
        for (String holder : List.of("output", "result")) {
            JsonNode nested = task.get(holder);
            if (nested != null && nested.isObject()) {
                addImages(nested, urls);
                addUrls(nested.get("images"), urls);
            }
        }
        JsonNode data = root.get("data");
        if (data != null && data.isArray()) {
            addUrls(data, urls);
        }
        return new ArrayList<>(urls);
    }

    /** image_urls[] and image_url of an answer (or of its output or result); images[] are read beside. */
    private static void addImages(JsonNode holder, Set<String> into) {
        addUrls(holder.get("image_urls"), into);
        JsonNode single = holder.get("image_url");
        if (single != null && single.isTextual() && !single.asText().isBlank()) {
            into.add(single.asText());
        }
    }

    /** Each element may be a URL string, an object {"url": …} or {"b64_json": …}; anything else is skipped. */
    private static void addUrls(JsonNode array, Set<String> into) {
        if (array == null || !array.isArray()) {
            return;
        }
        for (JsonNode item : array) {
            JsonNode candidate = item.isObject() ? item.get("url") : item;
            if (candidate != null && candidate.isTextual() && !candidate.asText().isBlank()) {
                into.add(candidate.asText());
            } else if (item.isObject() && item.get("b64_json") != null && item.get("b64_json").isTextual()) {
                into.add(INLINE + item.get("b64_json").asText().strip());
            }
        }
    }

    /** How an image sent inline (base64) is carried as a URL. */
    public static final String INLINE = "data:;base64,";

    /**
     * Progress in percent, clamped to 0..100. A number with a decimal point between 0 and 1
     * (0.45, "0.45", 1.0) is read as a fraction, since a real percentage below 1 is not worth showing.
     */
    static Integer progress(JsonNode node) {
        if (node == null) {
            return null;
        }
        String s = node.isNumber() ? node.asText() : node.isTextual() ? node.asText().trim() : null;
        if (s == null || s.isEmpty()) {
            return null;
        }
        boolean percentSign = s.endsWith("%");
        if (percentSign) {
            s = s.substring(0, s.length() - 1).trim();
        }
        double value;
        try {
            value = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
        if (Double.isNaN(value)) {
            return null;
        }
        if (!percentSign && s.contains(".") && value >= 0 && value <= 1) {
            value *= 100;
        }
        return (int) Math.round(Math.max(0, Math.min(100, value)));
    }

    /** error (string or {message}); error_message / message only count when the task failed. */
    private static String errorMessage(JsonNode task, UpstreamStatus status, boolean messageIsEnvelopes) {
        String msg = errorField(task.get("error"));
        if (msg == null && status == UpstreamStatus.FAILED) {
            msg = text(task.get("error_message"));
            if (msg == null && !messageIsEnvelopes) {
                msg = text(task.get("message"));
            }
        }
        return msg;
    }

    /** "error": "…" or "error": {"message": "…"}. */
    private static String errorField(JsonNode error) {
        if (error == null) {
            return null;
        }
        return error.isObject() ? text(error.get("message")) : text(error);
    }

    private static String errorBodyMessage(JsonNode root) {
        if (root == null) {
            return null;
        }
        String msg = errorField(root.get("error"));
        return msg != null ? msg : text(root.get("message"));
    }

    /** Non-blank text of a string or number node, else null (ids may come as numbers). */
    private static String text(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isNumber())) {
            return null;
        }
        String s = node.asText();
        return s.isBlank() ? null : s;
    }

    private static Integer intValue(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asInt();
        }
        if (node.isTextual()) {
            try {
                return Integer.valueOf(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
