package one.apiin.gateway.graphql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.graphql.api.Context;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import one.apiin.gateway.support.SelfUrl;

import graphql.schema.DataFetchingEnvironment;

/**
 * What a resolver needs of the HTTP request it serves: its headers, and the base of the gateway's own image URLs,
 * GATEWAY_PUBLIC_URL where the operator set it (the address clients use behind an ingress), else the address the
 * caller reached this request (or websocket) at.
 */
@ApplicationScoped
public class CurrentRequest {

    /** A host[:port] as a client may send it: nothing that could break out of a URL's authority. */
    private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    private final Optional<String> publicUrl;
    private final CurrentVertxRequest request;

    CurrentRequest(@ConfigProperty(name = "gateway.public-url") Optional<String> publicUrl, CurrentVertxRequest request) {
        this.publicUrl = publicUrl.map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.request = request;
    }

    /** The base for the HTTP request being served (no trailing slash): for REST resources. */
    public String base() {
        return base(null);
    }

    /** The base for the request being served (no trailing slash). */
    String base(Context context) {
        if (publicUrl.isPresent()) {
            return SelfUrl.resolve(publicUrl.get());
        }
        RoutingContext http = current();
        if (http != null) {
            // The authority is HTTP/1.1's Host header or HTTP/2's :authority (HTTP/2 has no Host header).
            HostAndPort authority = http.request().authority();
            return base(http.request().getHeader("X-Forwarded-Proto"), http.request().getHeader("X-Forwarded-Host"),
                    authority == null ? null
                            : authority.port() < 0 ? authority.host()
                                    : authority.host() + ":" + authority.port(),
                    http.request().isSSL());
        }
        Map<String, List<String>> headers = context == null ? null : websocketHeaders(context);
        if (headers != null) {
            return base(first(headers, "X-Forwarded-Proto"), first(headers, "X-Forwarded-Host"), first(headers, "Host"),
                    false);
        }
        return SelfUrl.base();
    }

    /** A header of the HTTP request being served; null on websockets or when absent. */
    String header(String name) {
        RoutingContext http = current();
        return http == null ? null : http.request().getHeader(name);
    }

    static String base(String forwardedProto, String forwardedHost, String host, boolean tls) {
        String authority = firstValue(forwardedHost) != null ? firstValue(forwardedHost) : firstValue(host);
        if (authority == null || !AUTHORITY.matcher(authority).matches()) {
            return SelfUrl.base();
        }
        String proto = firstValue(forwardedProto);
        String scheme = proto != null && proto.toLowerCase(Locale.ROOT).equals("https") ? "https"
                : proto == null && tls ? "https" : "http";
        return scheme + "://" + authority;
    }

    private RoutingContext current() {
        try {
            return request.getCurrent();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> websocketHeaders(Context context) {
        try {
            Object headers = context.unwrap(DataFetchingEnvironment.class).getGraphQlContext().get("httpHeaders");
            return headers instanceof Map ? (Map<String, List<String>>) headers : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && header.getValue() != null
                    && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",")[0].strip();
        return value.isEmpty() ? null : value;
    }
}
