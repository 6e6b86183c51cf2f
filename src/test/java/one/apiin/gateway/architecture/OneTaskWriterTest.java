package one.apiin.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The task table has one stack and one writer: its statements are written in {@code TaskRepository} alone, on the
 * reactive SQL client, and no ORM session reads or flushes a task behind the writer's back (a change made through an
 * entity would skip the writer's version and budget rules).
 */
class OneTaskWriterTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path REPOSITORY = SOURCES.resolve("one/apiin/gateway/task/TaskRepository.java");
    /** A statement that changes the task table, in any case and spacing. */
    private static final Pattern WRITES_TASKS = Pattern
            .compile("(?i)\\b(update\\s+task\\b(?!_)|insert\\s+into\\s+task\\b(?!_)|delete\\s+from\\s+task\\b(?!_))");

    @Test
    void onlyTheTaskRepositoryWritesTheTaskTable() throws IOException {
        List<String> writers = new ArrayList<>();
        for (Path file : sources()) {
            if (!file.equals(REPOSITORY) && WRITES_TASKS.matcher(Files.readString(file)).find()) {
                writers.add(SOURCES.relativize(file).toString());
            }
        }
        assertThat(WRITES_TASKS.matcher(Files.readString(REPOSITORY)).find()).as("the pattern finds the writer").isTrue();
        assertThat(writers).as("sources writing the task table besides TaskRepository").isEmpty();
    }

    @Test
    void noOrmTouchesTheTaskPackage() throws IOException {
        List<String> users = new ArrayList<>();
        for (Path file : sources()) {
            String source = Files.readString(file);
            if (file.startsWith(SOURCES.resolve("one/apiin/gateway/task"))
                    && (source.contains("jakarta.persistence") || source.contains("hibernate"))) {
                users.add(SOURCES.relativize(file).toString());
            }
        }
        assertThat(users).as("task sources using Hibernate or JPA").isEmpty();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(path -> path.toString().endsWith(".java")).toList();
        }
    }
}
