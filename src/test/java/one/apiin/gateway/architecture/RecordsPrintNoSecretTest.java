package one.apiin.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A record prints every component in its default {@code toString}: one that holds a key, a secret, a token or a
 * password must print something else (a log line, an exception message or a debugger must not show it).
 */
class RecordsPrintNoSecretTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern SECRET = Pattern.compile("(?i)^(api|upstream|gateway)?key$|secret|password|token");
    /** The types a secret is held in. */
    private static final Pattern TEXT = Pattern.compile("String|char\\[\\]|byte\\[\\]|Optional<String>");
    /** Components so named that hold nothing secret. */
    private static final Set<String> NOT_SECRET = Set.of(
            "UsageView.UsageCount.key" /* a status or a model id */);

    @Test
    void recordsHoldingSecretsPrintSomethingElse() throws IOException {
        List<String> found = new ArrayList<>();
        List<String> printing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                String outer = file.getFileName().toString().replace(".java", "");
                Matcher record = RECORD.matcher(source);
                while (record.find()) {
                    String name = record.group(1);
                    for (String[] typed : components(record.group(2))) {
                        String component = typed[1];
                        String qualified = (name.equals(outer) ? name : outer + "." + name) + "." + component;
                        if (!TEXT.matcher(typed[0]).matches() || !SECRET.matcher(component).find()
                                || NOT_SECRET.contains(qualified)) {
                            continue;
                        }
                        found.add(qualified);
                        if (!declaresToString(source, record.end())) {
                            printing.add(qualified);
                        }
                    }
                }
            }
        }
        assertThat(found).as("records holding secrets, read").contains("Tracked.apiKey", "Caller.upstreamKey");
        assertThat(printing).as("records that would print a secret").isEmpty();
    }

    /** The components of a record header as {type, name} ("String id, @NonNull Map<String, X> m"). */
    private static List<String[]> components(String header) {
        List<String[]> names = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : (header + ",").toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                String[] words = current.toString().trim().split("\\s+");
                if (words.length > 1) {
                    names.add(new String[] { words[words.length - 2], words[words.length - 1] });
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return names;
    }

    /** Whether the record's body, from {@code from} (after its header) to its closing brace, declares toString(). */
    private static boolean declaresToString(String source, int from) {
        int open = source.indexOf('{', from);
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.substring(open, i).contains("public String toString()");
            }
        }
        return false;
    }
}
