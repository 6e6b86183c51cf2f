package one.apiin.gateway.simulator;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Serves the simulated pictures at {@code /simulator/images/{imageId}.png}. No key is needed, as with
 * upstream's CDN URLs; the image id says everything needed to render, so any replica can answer.
 */
@Path("/simulator/images")
public class SimulatorImageResource {

    static final String PNG = "image/png";
    /** Rendering is deterministic, so an image never changes and may be cached for good. */
    private static final String CACHE_FOREVER = "public, max-age=31536000, immutable";
    /** An image that is not ready yet will be soon: no cache may keep the error. */
    private static final String NO_STORE = "no-store";

    @GET
    @Path("{imageId}.png")
    public Response image(@PathParam("imageId") String imageId) {
        SimulatedImageId image = SimulatedImageId.decode(imageId)
                .orElseThrow(() -> new SimulatorException(404, "Image not found"));
        long now = System.currentTimeMillis();
        if (image.expiredAt(now)) {
            throw new SimulatorException(404, "Image expired");
        }
        if (image.notReadyAt(now)) {
            return Response.fromResponse(ApiErrors.response(503, "Image not ready", null))
                    .header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
        }
        byte[] png = PictureBook.png(image.imageSeed(), image.index(), image.width(), image.height());
        return Response.ok(png, PNG).header(HttpHeaders.CACHE_CONTROL, cacheControl(image, now)).build();
    }

    /** An expiring image may be cached only until it expires, or a cache would keep serving it after. */
    private static String cacheControl(SimulatedImageId image, long nowMillis) {
        return image.expiresAtMillis().isEmpty() ? CACHE_FOREVER
                : "public, max-age=" + (image.expiresAtMillis().getAsLong() - nowMillis) / 1000;
    }

    /** Absolute URL of this endpoint, ending with a slash, as seen by the caller. */
    static String baseUrl(UriInfo uriInfo) {
        return uriInfo.getBaseUriBuilder().path("simulator/images").build() + "/";
    }
}
