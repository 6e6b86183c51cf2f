package one.apiin.gateway.graphql.http;

/** Conditional GET: whether an {@code If-None-Match} names the answer's entity tag (weak or strong, or any). */
final class HttpCaching {

    private HttpCaching() {
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
