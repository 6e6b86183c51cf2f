package one.apiin.gateway.task;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Where a page of tasks ends: opaque to clients (base64url of the last task's creation time and id). */
public record PageCursor(Instant createdAt, String id) {

    public String encode() {
        String plain = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor of(TaskSnapshot task) {
        return new PageCursor(task.createdAt(), task.id());
    }

    /** Empty when the text is not a cursor this gateway made. */
    public static Optional<PageCursor> decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":", 3);
            if (parts.length != 3 || parts[2].isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PageCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    parts[2]));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
