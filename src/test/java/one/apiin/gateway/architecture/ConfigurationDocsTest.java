package one.apiin.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * Every setting of the gateway lives in a typed mapping with a default (or is optional), and the configuration
 * table (docs/configuration.md) lists each one as an environment variable with that same default, and nothing else: the
 * table cannot drift from the code.
 */
class ConfigurationDocsTest {

    private static final Pattern MAPPING = Pattern.compile("(?m)^package ([\\w.]+);[\\s\\S]*@ConfigMapping\\("
            + "prefix = \"[^\"]+\"\\)\\s*public interface (\\w+)");
    /** A row of the configuration table (docs/configuration.md): | `VARIABLE` (/ `OTHER`) | default | meaning |. */
    private static final Pattern ROW = Pattern
            .compile("(?m)^\\| `(GATEWAY_[A-Z0-9_]+)`(?: / `(GATEWAY_[A-Z0-9_]+)`)? \\| ([^|]*) \\|");

    @Test
    void everySettingIsInTheConfigurationTableWithItsDefault() throws Exception {
        Map<String, Setting> settings = settings();
        Map<String, String> documented = documented();
        assertThat(settings).as("settings read from the mappings").hasSizeGreaterThan(20);

        List<String> problems = new ArrayList<>();
        settings.forEach((variable, setting) -> {
            String cell = documented.get(variable);
            if (cell == null) {
                problems.add(variable + " is not in the configuration table (docs/configuration.md)");
            } else if (setting.defaultValue().isPresent() && !cell.contains("`" + setting.defaultValue().get() + "`")) {
                problems.add(variable + ": the table says " + cell.strip() + ", the code's default is "
                        + setting.defaultValue().get());
            } else if (setting.defaultValue().isEmpty() && !cell.contains("unset")) {
                problems.add(variable + " has no default: the table should say 'unset', not " + cell.strip());
            }
        });
        documented.keySet().stream().filter(variable -> !settings.containsKey(variable))
                .forEach(variable -> problems.add(variable + " is in the table but no mapping reads it"));
        assertThat(problems).isEmpty();
    }

    @Test
    void everySettingHasADefaultOrIsOptional() throws Exception {
        assertThat(settings().values()).allSatisfy(setting -> assertThat(setting.defaultValue().isPresent()
                || setting.optional()).as(setting.variable() + " has a default or is optional").isTrue());
    }

    record Setting(String variable, Optional<String> defaultValue, boolean optional) {
    }

    static Map<String, Setting> settings() throws IOException, ClassNotFoundException {
        Map<String, Setting> settings = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher mapping = MAPPING.matcher(Files.readString(file));
                if (mapping.find()) {
                    Class<?> type = Class.forName(mapping.group(1) + "." + mapping.group(2));
                    read(type.getAnnotation(ConfigMapping.class).prefix(), type, settings);
                }
            }
        }
        return settings;
    }

    private static void read(String prefix, Class<?> type, Map<String, Setting> settings) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName name = method.getAnnotation(WithName.class);
            // @WithParentName: the mapping's prefix itself (GATEWAY_PERSISTED_DOCUMENTS).
            String property = method.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (name != null ? name.value() : kebab(method.getName()));
            if (isGroup(method.getReturnType())) {
                // A nested group (ImagesConfig.s3()): its settings are prefix.group.*.
                read(property, method.getReturnType(), settings);
                continue;
            }
            String variable = property.toUpperCase().replace('.', '_').replace('-', '_');
            WithDefault value = method.getAnnotation(WithDefault.class);
            settings.put(variable, new Setting(variable, Optional.ofNullable(value).map(WithDefault::value),
                    method.getReturnType().equals(Optional.class)));
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith("one.apiin.gateway.");
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Map<String, String> documented() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("docs/configuration.md")));
        while (row.find()) {
            rows.put(row.group(1), row.group(3));
            if (row.group(2) != null) {
                // Two variables in one row share it: "`A` / `B` | `a` / `b`" lists their defaults in order.
                String[] defaults = row.group(3).split(" / ", 2);
                rows.put(row.group(1), defaults[0]);
                rows.put(row.group(2), defaults.length > 1 ? defaults[1] : row.group(3));
            }
        }
        return rows;
    }
}
