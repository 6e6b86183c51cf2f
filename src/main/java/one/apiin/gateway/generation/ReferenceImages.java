package one.apiin.gateway.generation;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.BadUserInputException.FieldError;
import one.apiin.gateway.images.ImageAddresses;
import one.apiin.gateway.images.OwnImages;

/**
 * Where a request's reference images point, checked when it is made: an image of one of the caller's own tasks
 * (sent as the URL the upstream can fetch it at), or an https URL without credentials whose host resolves to public
 * addresses only. Whatever fetches them later (the upstream) checks again: DNS may answer otherwise by then.
 */
@ApplicationScoped
public class ReferenceImages {

    static final int MAX_URL = 2048;

    private final OwnImages own;
    private final Vertx vertx;

    ReferenceImages(OwnImages own, Vertx vertx) {
        this.own = own;
        this.vertx = vertx;
    }

    /** The request with its reference images as the upstream is to fetch them; BAD_USER_INPUT naming each refused. */
    public Uni<GenerationRequest> resolve(String ownerHash, GenerationRequest request) {
        List<String> urls = request.referenceImages();
        if (urls.isEmpty()) {
            return Uni.createFrom().item(request);
        }
        List<Uni<Checked>> checks = new ArrayList<>();
        for (String url : urls) {
            checks.add(check(ownerHash, url));
        }
        return Uni.join().all(checks).andFailFast().map(checked -> {
            List<FieldError> problems = new ArrayList<>();
            for (int i = 0; i < checked.size(); i++) {
                if (checked.get(i).problem() != null) {
                    problems.add(new FieldError("referenceImages", "referenceImages[" + i + "] "
                            + checked.get(i).problem()));
                }
            }
            if (!problems.isEmpty()) {
                throw new BadUserInputException(problems);
            }
            return request.withReferenceImages(checked.stream().map(Checked::url).toList());
        });
    }

    /** A URL as the upstream is to get it, or why it is refused. */
    private record Checked(String url, String problem) {
        static Checked refused(String problem) {
            return new Checked(null, problem);
        }
    }

    private Uni<Checked> check(String ownerHash, String url) {
        URI uri;
        try {
            uri = url.length() > MAX_URL ? null : new URI(url.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute()) {
            return Uni.createFrom().item(Checked.refused("must be an absolute https URL of at most " + MAX_URL
                    + " characters"));
        }
        URI parsed = uri;
        String name = OwnImages.imageName(uri.getRawPath());
        if (name == null) {
            return external(parsed);
        }
        return own.owned(name, ownerHash).chain(owned -> !owned ? external(parsed)
                : Uni.createFrom().item(own.publicUrl(name).map(public_ -> new Checked(public_, null))
                        .orElseGet(() -> Checked.refused("is an image of this gateway, which has no address the "
                                + "upstream could fetch it from; send an https URL of the image instead"))));
    }

    /** Someone else's image: https, no credentials, a host that resolves to public addresses only. */
    private Uni<Checked> external(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https")) {
            return Uni.createFrom().item(Checked.refused("must be an https URL (or an image URL of your own tasks)"));
        }
        if (uri.getRawUserInfo() != null) {
            return Uni.createFrom().item(Checked.refused("must not carry credentials (user:password@)"));
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Uni.createFrom().item(Checked.refused("must name a host"));
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return vertx.executeBlocking(() -> {
            try {
                InetAddress[] addresses = InetAddress.getAllByName(bare);
                return Arrays.stream(addresses).allMatch(ImageAddresses::isPublic) ? new Checked(uri.toString(), null)
                        : Checked.refused("points to a loopback, private, link-local or metadata address: send an "
                                + "image the upstream can fetch from the internet");
            } catch (UnknownHostException e) {
                return Checked.refused("names a host that does not resolve");
            }
        }, false);
    }
}
