package one.apiin.gateway.simulator;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failure-injection markers in a prompt. They travel with the request, so tests can drive the
 * simulator from outside and across processes: {@code sim:400} … {@code sim:503} (any 4xx/5xx),
 * {@code sim:fail}, {@code sim:poll500}, {@code sim:duration=<millis>}.
 */
record PromptMarkers(OptionalInt createStatus, boolean fail, boolean pollFailure, OptionalLong durationMillis) {

    /** Upper bound of {@code sim:duration}, so a typo cannot park a task for days. */
    static final long MAX_DURATION_MILLIS = 3_600_000L;

    private static final Pattern STATUS = Pattern.compile("(?i)\\bsim:([45]\\d\\d)\\b");
    private static final Pattern FAIL = Pattern.compile("(?i)\\bsim:fail\\b");
    private static final Pattern POLL_FAILURE = Pattern.compile("(?i)\\bsim:poll500\\b");
    private static final Pattern DURATION = Pattern.compile("(?i)\\bsim:duration=(\\d{1,12})\\b");

    static PromptMarkers parse(String prompt) {
        String text = prompt == null ? "" : prompt;
        Matcher status = STATUS.matcher(text);
        Matcher duration = DURATION.matcher(text);
        return new PromptMarkers(
                status.find() ? OptionalInt.of(Integer.parseInt(status.group(1))) : OptionalInt.empty(),
                FAIL.matcher(text).find(),
                POLL_FAILURE.matcher(text).find(),
                duration.find()
                        ? OptionalLong.of(Math.min(MAX_DURATION_MILLIS, Long.parseLong(duration.group(1))))
                        : OptionalLong.empty());
    }
}
