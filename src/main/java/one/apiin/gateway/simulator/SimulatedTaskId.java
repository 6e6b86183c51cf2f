package one.apiin.gateway.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Everything needed to answer a status poll, carried in the task id itself so the simulator keeps no
 * per-task state. Encoded as base64url (no padding) of
 * {@code 1.<created36>.<duration36>.<numImages>.<width>.<height>.<flags>.<seedHex>.<model>}, or, when its
 * image URLs expire {@code expireAfterMillis} after it completes, of
 * {@code 2.<created36>.<duration36>.<numImages>.<width>.<height>.<flags>.<seedHex>.<expire36>.<model>}, or, when
 * its image URLs become ready only {@code imageDelayMillis} after it completes, of
 * {@code 3.<created36>.<duration36>.<numImages>.<width>.<height>.<flags>.<seedHex>.<expire36>.<delay36>.<model>}
 * ({@code <expire36>} empty if they never expire). Each id keeps the simplest form that holds it, so ids issued
 * before a form existed still decode the same.
 */
record SimulatedTaskId(long createdAtMillis, long durationMillis, int numImages, int width, int height,
        boolean failing, boolean pollFailing, long imageSeed, String model, boolean pending,
        OptionalLong expireAfterMillis, OptionalLong imageDelayMillis, boolean inline) {

    SimulatedTaskId(long createdAtMillis, long durationMillis, int numImages, int width, int height, boolean failing,
            boolean pollFailing, long imageSeed, String model, boolean pending, OptionalLong expireAfterMillis,
            OptionalLong imageDelayMillis) {
        this(createdAtMillis, durationMillis, numImages, width, height, failing, pollFailing, imageSeed, model, pending,
                expireAfterMillis, imageDelayMillis, false);
    }

    SimulatedTaskId(long createdAtMillis, long durationMillis, int numImages, int width, int height, boolean failing,
            boolean pollFailing, long imageSeed, String model, boolean pending, OptionalLong expireAfterMillis) {
        this(createdAtMillis, durationMillis, numImages, width, height, failing, pollFailing, imageSeed, model, pending,
                expireAfterMillis, OptionalLong.empty());
    }

    SimulatedTaskId(long createdAtMillis, long durationMillis, int numImages, int width, int height, boolean failing,
            boolean pollFailing, long imageSeed, String model) {
        this(createdAtMillis, durationMillis, numImages, width, height, failing, pollFailing, imageSeed, model, false,
                OptionalLong.empty());
    }

    // The most any catalog model allows (kling-image-o1 takes 9); the gateway enforces each model's own limit.
    static final int MAX_IMAGES = 10;
    static final int MAX_SIDE = 1024;

    private static final String VERSION = "1";
    private static final String EXPIRING = "2";
    private static final String DELAYED = "3";
    private static final int FLAG_FAIL = 1;
    private static final int FLAG_POLL_FAILURE = 2;
    private static final int FLAG_PENDING = 4;
    private static final int FLAG_INLINE = 8;
    private static final Pattern SEED_HEX = Pattern.compile("[0-9a-f]{16}");

    String encode() {
        int flags = (failing ? FLAG_FAIL : 0) | (pollFailing ? FLAG_POLL_FAILURE : 0) | (pending ? FLAG_PENDING : 0)
                | (inline ? FLAG_INLINE : 0);
        String common = String.join(".", Long.toString(createdAtMillis, 36),
                Long.toString(durationMillis, 36), Integer.toString(numImages), Integer.toString(width),
                Integer.toString(height), Integer.toString(flags), seedHex(imageSeed));
        String expire = expireAfterMillis.isEmpty() ? "" : Long.toString(expireAfterMillis.getAsLong(), 36);
        String compact;
        if (imageDelayMillis.isPresent()) {
            compact = String.join(".", DELAYED, common, expire, Long.toString(imageDelayMillis.getAsLong(), 36), model);
        } else if (expireAfterMillis.isPresent()) {
            compact = String.join(".", EXPIRING, common, expire, model);
        } else {
            compact = String.join(".", VERSION, common, model);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(compact.getBytes(StandardCharsets.UTF_8));
    }

    static String seedHex(long seed) {
        return HexFormat.of().toHexDigits(seed);
    }

    /** Anything that is not a task id this simulator issued decodes to empty (answered with 404). */
    static Optional<SimulatedTaskId> decode(String taskId) {
        try {
            String compact = new String(Base64.getUrlDecoder().decode(taskId), StandardCharsets.UTF_8);
            // The model is last and the parts are limited so a model containing dots survives.
            return fromParts(compact.split("\\.", partsOf(compact)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static int partsOf(String compact) {
        if (compact.startsWith(DELAYED + ".")) {
            return 11;
        }
        return compact.startsWith(EXPIRING + ".") ? 10 : 9;
    }

    private static Optional<SimulatedTaskId> fromParts(String[] parts) {
        boolean delayed = parts.length == 11 && DELAYED.equals(parts[0]);
        boolean expiring = parts.length == 10 && EXPIRING.equals(parts[0]);
        if (!(delayed || expiring || parts.length == 9 && VERSION.equals(parts[0]))
                || !SEED_HEX.matcher(parts[7]).matches() || parts[parts.length - 1].isBlank()
                || expiring && parts[8].isEmpty()) {
            return Optional.empty();
        }
        int flags = Integer.parseInt(parts[6]);
        SimulatedTaskId id = new SimulatedTaskId(Long.parseLong(parts[1], 36), Long.parseLong(parts[2], 36),
                Integer.parseInt(parts[3]), Integer.parseInt(parts[4]), Integer.parseInt(parts[5]),
                (flags & FLAG_FAIL) != 0, (flags & FLAG_POLL_FAILURE) != 0,
                Long.parseUnsignedLong(parts[7], 16), parts[parts.length - 1], (flags & FLAG_PENDING) != 0,
                (delayed || expiring) && !parts[8].isEmpty() ? OptionalLong.of(Long.parseLong(parts[8], 36))
                        : OptionalLong.empty(),
                delayed ? OptionalLong.of(Long.parseLong(parts[9], 36)) : OptionalLong.empty(),
                (flags & FLAG_INLINE) != 0);
        return id.isPlausible() ? Optional.of(id) : Optional.empty();
    }

    /** When the generation is over (completed or failed), which is when a completed one is billed. */
    long endsAtMillis() {
        return createdAtMillis + durationMillis;
    }

    /** When its image URLs start working: {@code imageDelayMillis} after it completes; empty if at once. */
    OptionalLong imagesReadyAtMillis() {
        return imageDelayMillis.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(createdAtMillis + durationMillis + imageDelayMillis.getAsLong());
    }

    /** When its image URLs stop working: {@code expireAfterMillis} after it completes; empty if never. */
    OptionalLong imagesExpireAtMillis() {
        return expireAfterMillis.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(createdAtMillis + durationMillis + expireAfterMillis.getAsLong());
    }

    private boolean isPlausible() {
        return createdAtMillis >= 0 && durationMillis >= 0 && expireAfterMillis.orElse(0) >= 0
                && imageDelayMillis.orElse(0) >= 0
                && numImages >= 1 && numImages <= MAX_IMAGES
                && width >= 1 && width <= MAX_SIDE && height >= 1 && height <= MAX_SIDE;
    }
}
