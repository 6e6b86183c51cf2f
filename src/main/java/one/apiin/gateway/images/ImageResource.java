package one.apiin.gateway.images;

import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Serves kept images at {@code /images/<token>.<ext>}, on every replica alike: immutable (a token names one content
 * for ever), so cached by browsers and CDNs for a year, with a strong ETag and conditional GET. Anything that is not
 * a known token, whatever it is, is a bare 404.
 */
@Path("/images")
public class ImageResource {

    private static final Logger LOG = Logger.getLogger(ImageResource.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{32}\\.(png|jpg|webp)");
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ImageRepository repository;
    private final ImageStore store;
    private final ImagesConfig config;
    private final ImageCache cache;

    ImageResource(ImageRepository repository, ImageStore store, ImagesConfig config, ImageCache cache) {
        this.cache = cache;
        this.repository = repository;
        this.store = store;
        this.config = config;
    }

    @GET
    @Path("{name}")
    public Uni<Response> get(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return find(name).chain(content -> {
            if (content == null) {
                return Uni.createFrom().item(notFound());
            }
            if (matches(ifNoneMatch, etag(content))) {
                return Uni.createFrom().item(headers(Response.notModified(), content).build());
            }
            if (config.delivery() == ImagesConfig.Delivery.REDIRECT) {
                String url = store.presignedUrl(content.hash(), content.mimeType(),
                        config.s3().presignedLifetime().toSeconds());
                if (url != null) {
                    // Not immutable: the presigned URL expires; the gateway's URL does not.
                    return Uni.createFrom().item(Response.status(Response.Status.FOUND)
                            .header(HttpHeaders.LOCATION, url).header(HttpHeaders.CACHE_CONTROL, "private, max-age=60")
                            .build());
                }
            }
            return cache.bytes(content.hash(), store::read).map(bytes -> bytes == null ? notFound()
                    : headers(Response.ok(bytes), content).build());
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("An image could not be read from the %s store: %s", store.name(), failure.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5").build();
        });
    }

    @HEAD
    @Path("{name}")
    public Uni<Response> head(@PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return find(name).map(content -> {
            if (content == null) {
                return notFound();
            }
            return headers(matches(ifNoneMatch, etag(content)) ? Response.notModified() : Response.ok(), content)
                    .header(HttpHeaders.CONTENT_LENGTH, content.sizeBytes()).build();
        }).onFailure().recoverWithItem(failure -> Response.status(Response.Status.SERVICE_UNAVAILABLE).build());
    }

    private Uni<ImageRepository.Content> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Uni.createFrom().nullItem();
        }
        String token = name.substring(0, name.indexOf('.'));
        return cache.content(token, repository::find).map(content -> content != null
                && name.endsWith("." + ImageMirror.extension(content.mimeType())) ? content : null);
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder response,
            ImageRepository.Content content) {
        return response.header(HttpHeaders.CONTENT_TYPE, content.mimeType())
                .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                .header(HttpHeaders.ETAG, etag(content))
                .header("X-Content-Type-Options", "nosniff");
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).header("X-Content-Type-Options", "nosniff").build();
    }

    private static String etag(ImageRepository.Content content) {
        return "\"" + content.hash() + "\"";
    }

    /** If-None-Match: a list of entity tags, or *; weak tags compare by their opaque part (RFC 9110 13.1.2). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
