package one.apiin.gateway.images;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import one.apiin.gateway.support.SelfUrl;

/**
 * The gateway's own image URLs as references: an {@code /images/<token>.<ext>} URL whose token names an image of one
 * of the caller's own tasks, whatever address the caller reached it at, becomes the URL the upstream can fetch it
 * from (under GATEWAY_PUBLIC_URL). Anyone else's token, or an unknown one, is no own image: such a URL is judged as
 * any other.
 */
@ApplicationScoped
public class OwnImages {

    private static final Pattern PATH = Pattern.compile("/images/([A-Za-z0-9_-]{32})\\.(png|jpg|webp)");
    private static final String OWNED = "select 1 from image_ref r join task t on t.id = r.task_id"
            + " where r.token = $1 and t.owner_hash = $2";

    private final Pool pool;
    private final Optional<String> publicUrl;

    OwnImages(Pool pool, @ConfigProperty(name = "gateway.public-url") Optional<String> publicUrl) {
        this.pool = pool;
        this.publicUrl = publicUrl.map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** The path's image name when it looks like one of the gateway's image URLs; null otherwise. */
    public static String imageName(String path) {
        Matcher matcher = path == null ? null : PATH.matcher(path);
        return matcher != null && matcher.matches() ? matcher.group(1) + "." + matcher.group(2) : null;
    }

    /** Whether the named image belongs to one of the owner's tasks. */
    public Uni<Boolean> owned(String imageName, String ownerHash) {
        String token = imageName.substring(0, imageName.indexOf('.'));
        return pool.preparedQuery(OWNED).execute(Tuple.of(token, ownerHash)).map(rows -> rows.size() > 0);
    }

    /** Where the upstream can fetch the named image; empty when the gateway has no public address. */
    public Optional<String> publicUrl(String imageName) {
        return publicUrl.map(base -> SelfUrl.resolve(base) + "/images/" + imageName);
    }
}
