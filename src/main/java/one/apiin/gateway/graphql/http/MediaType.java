package one.apiin.gateway.graphql.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The answers /graphql gives over HTTP, and the choice among them from a request's {@code Accept} (GraphQL over HTTP):
 * {@code application/graphql-response+json} when asked for (it says request errors with 4xx), {@code application/json}
 * for {@code *}{@code /*}, {@code application/*} and no {@code Accept}, and server-sent events for
 * {@code text/event-stream} (graphql-sse). Media types are taken in the order of their {@code q} weights, the earliest
 * first among equals; none acceptable is 406.
 */
enum MediaType {

    GRAPHQL_RESPONSE_JSON("application/graphql-response+json"),
    JSON("application/json"),
    EVENT_STREAM("text/event-stream");

    final String name;

    MediaType(String name) {
        this.name = name;
    }

    /** The header value of an answer of this type. */
    String contentType() {
        return name + "; charset=utf-8";
    }

    /** The type to answer with, or null when the client accepts none of them. */
    static MediaType negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        List<Range> ranges = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            Range range = Range.parse(parts[i], i);
            if (range != null && range.weight > 0) {
                ranges.add(range);
            }
        }
        ranges.sort(Comparator.comparingDouble((Range range) -> -range.weight).thenComparingInt(range -> range.order));
        for (Range range : ranges) {
            MediaType chosen = range.match();
            if (chosen != null) {
                return chosen;
            }
        }
        return null;
    }

    private record Range(String type, double weight, int order) {

        static Range parse(String text, int order) {
            String[] pieces = text.split(";");
            String type = pieces[0].strip().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                return null;
            }
            double weight = 1;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            return new Range(type, weight, order);
        }

        MediaType match() {
            return switch (type) {
                case "application/graphql-response+json" -> GRAPHQL_RESPONSE_JSON;
                // The legacy name of the watershed drafts: answered as JSON, which every such client reads.
                case "application/json", "application/graphql+json", "application/*", "*/*" -> JSON;
                case "text/event-stream" -> EVENT_STREAM;
                default -> null;
            };
        }
    }
}
