package one.apiin.gateway.simulator;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failure-injection markers in a prompt. They travel with the request, so tests can drive the
 * simulator from outside and across processes: {@code sim:400} … {@code sim:503} (any 4xx/5xx; {@code sim:401}
 * quotes the refused key in its message, as API in One was seen to),
 * {@code sim:fail}, {@code sim:poll500}, {@code sim:duration=<millis>}; {@code sim:pending} (the status
 * stays "pending" for ever); {@code sim:create=camelid|noid|longid|notjson} (an odd 2xx create answer);
 * {@code sim:create=images|imagesnoid} (the create answer carries the finished images, with the task id or
 * without, like models that need no media task: the task is completed at once, so sim:duration, sim:pending and
 * sim:fail do not apply, and it bills as any completed task);
 * {@code sim:create=proxy504} (the task is created, and billed, but the answer is a proxy's 504 HTML page, like a proxy
 * that timed out in front of a slow upstream);
 * {@code sim:createDelay=<millis>} (the create answer comes late; the task is created, and billed, all the same);
 * {@code sim:size=<w>x<h>} (the pictures' size in pixels instead of the aspect ratio's, each side 1 to
 * {@value SimulatedTaskId#MAX_SIDE}); {@code sim:expire=<millis>} (the task's image URLs answer 404, like an expired
 * CDN link, that long after it completes); {@code sim:imageDelay=<millis>} (the task's image URLs answer 503,
 * "Image not ready", not to be cached, until that long after it completes, like a CDN that lags behind the task's
 * end; then they serve the pictures as usual); {@code sim:poll404=<n>} (the task's first {@code n} status polls answer
 * 404, like an upstream that does not know a task it just created yet; counted in memory, per process);
 * {@code sim:fewer=<n>} (the generation makes at most {@code n} images, fewer than asked, and bills those);
 * {@code sim:b64} (the finished images come inline, {@code output.images[].b64_json}, instead of as URLs).
 */
record PromptMarkers(OptionalInt createStatus, boolean fail, boolean pollFailure, OptionalLong durationMillis,
        Optional<String> createAnswer, OptionalLong createDelayMillis, boolean pending, Optional<ImageSize> size,
        OptionalLong expireMillis, OptionalLong imageDelayMillis, int pollsNotFound, OptionalInt fewerImages,
        boolean inline) {

    PromptMarkers(OptionalInt createStatus, boolean fail, boolean pollFailure, OptionalLong durationMillis) {
        this(createStatus, fail, pollFailure, durationMillis, Optional.empty(), OptionalLong.empty(), false,
                Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), 0, OptionalInt.empty(), false);
    }

    /** Upper bound of {@code sim:duration}, so a typo cannot park a task for days. */
    static final long MAX_DURATION_MILLIS = 3_600_000L;
    static final String IMAGES = "images";
    static final String IMAGES_WITHOUT_ID = "imagesnoid";
    static final String PROXY_TIMEOUT = "proxy504";
    /** Upper bound of {@code sim:createDelay}. */
    static final long MAX_CREATE_DELAY_MILLIS = 120_000L;
    /** Upper bound of {@code sim:expire}: a day, far longer than any client waits to download. */
    static final long MAX_EXPIRE_MILLIS = 86_400_000L;
    /** Upper bound of {@code sim:imageDelay}: ten minutes, longer than a client should wait for a lagging CDN. */
    static final long MAX_IMAGE_DELAY_MILLIS = 600_000L;
    /** Upper bound of {@code sim:poll404}. */
    static final int MAX_POLLS_NOT_FOUND = 100;

    private static final Pattern STATUS = Pattern.compile("(?i)\\bsim:([45]\\d\\d)\\b");
    private static final Pattern FAIL = Pattern.compile("(?i)\\bsim:fail\\b");
    private static final Pattern POLL_FAILURE = Pattern.compile("(?i)\\bsim:poll500\\b");
    private static final Pattern DURATION = Pattern.compile("(?i)\\bsim:duration=(\\d{1,12})\\b");
    /**
     * An odd create answer: the id as {@code taskId}, no id, an id of 300 characters, a body that is not JSON, the
     * finished images with or without the id, or a proxy's 504 page for a task created all the same.
     */
    private static final Pattern CREATE_ANSWER = Pattern
            .compile("(?i)\\bsim:create=(camelid|noid|longid|notjson|imagesnoid|images|proxy504)\\b");
    private static final Pattern CREATE_DELAY = Pattern.compile("(?i)\\bsim:createdelay=(\\d{1,12})\\b");
    private static final Pattern PENDING = Pattern.compile("(?i)\\bsim:pending\\b");
    private static final Pattern EXPIRE = Pattern.compile("(?i)\\bsim:expire=(\\d{1,12})\\b");
    private static final Pattern IMAGE_DELAY = Pattern.compile("(?i)\\bsim:imagedelay=(\\d{1,12})\\b");
    private static final Pattern POLLS_NOT_FOUND = Pattern.compile("(?i)\\bsim:poll404=(\\d{1,6})\\b");
    private static final Pattern FEWER = Pattern.compile("(?i)\\bsim:fewer=(\\d{1,2})\\b");
    private static final Pattern INLINE = Pattern.compile("(?i)\\bsim:b64\\b");
    private static final Pattern SIZE = Pattern.compile("(?i)\\bsim:size=(\\d{1,6})x(\\d{1,6})\\b");

    static PromptMarkers parse(String prompt) {
        String text = prompt == null ? "" : prompt;
        Matcher status = STATUS.matcher(text);
        Matcher createAnswer = CREATE_ANSWER.matcher(text);
        return new PromptMarkers(
                status.find() ? OptionalInt.of(Integer.parseInt(status.group(1))) : OptionalInt.empty(),
                FAIL.matcher(text).find(),
                POLL_FAILURE.matcher(text).find(),
                cappedMillis(DURATION, text, MAX_DURATION_MILLIS),
                createAnswer.find() ? Optional.of(createAnswer.group(1).toLowerCase(Locale.ROOT)) : Optional.empty(),
                cappedMillis(CREATE_DELAY, text, MAX_CREATE_DELAY_MILLIS),
                PENDING.matcher(text).find(),
                size(text),
                cappedMillis(EXPIRE, text, MAX_EXPIRE_MILLIS),
                cappedMillis(IMAGE_DELAY, text, MAX_IMAGE_DELAY_MILLIS),
                (int) cappedMillis(POLLS_NOT_FOUND, text, MAX_POLLS_NOT_FOUND).orElse(0),
                fewer(text), INLINE.matcher(text).find());
    }

    /** Whether the create answer carries the finished images itself (the task is then completed at once). */
    boolean answersWithImages() {
        return createAnswer.filter(answer -> answer.startsWith(IMAGES)).isPresent();
    }

    private static OptionalLong cappedMillis(Pattern marker, String text, long max) {
        Matcher m = marker.matcher(text);
        return m.find() ? OptionalLong.of(Math.min(max, Long.parseLong(m.group(1)))) : OptionalLong.empty();
    }

    /** At least one image: an upstream that made none failed, which sim:fail says. */
    private static OptionalInt fewer(String text) {
        Matcher m = FEWER.matcher(text);
        return m.find() ? OptionalInt.of(Math.max(1, Integer.parseInt(m.group(1)))) : OptionalInt.empty();
    }

    /** The images a generation asked for {@code asked} makes: fewer when sim:fewer says so. */
    int imagesMade(int asked) {
        return fewerImages.isPresent() ? Math.min(asked, fewerImages.getAsInt()) : asked;
    }

    /** Each side clamped to what an image id may carry, so a benchmark's "huge" means the largest allowed. */
    private static Optional<ImageSize> size(String text) {
        Matcher m = SIZE.matcher(text);
        return m.find() ? Optional.of(new ImageSize(side(m.group(1)), side(m.group(2)))) : Optional.empty();
    }

    private static int side(String digits) {
        return Math.max(1, Math.min(SimulatedTaskId.MAX_SIDE, Integer.parseInt(digits)));
    }
}
