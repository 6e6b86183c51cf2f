package one.apiin.gateway.graphql.guard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import one.apiin.gateway.support.Echo;

import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;

/**
 * Looks at every GraphQL document before SmallRye GraphQL does, and says what it would answer without the contract's
 * error shape (or with a server error): a document empty, too long, or that does not parse. Each is BAD_USER_INPUT
 * with a message that says what to fix; nothing runs. The HTTP transport (graphql.http) asks it for every request.
 */
@ApplicationScoped
public class RequestGuard {

    /**
     * Documents known to parse, with what they parse to: clients send the same few again and again, so each is parsed
     * here once, for this check and for the transport's look at the operation ({@link #document}).
     */
    private static final int KNOWN_DOCUMENTS = 512;

    private final LimitsConfig limits;
    private final Map<String, Document> known = new ConcurrentHashMap<>();

    public RequestGuard(LimitsConfig limits) {
        this.limits = limits;
    }

    /** What is wrong with the document, or null when SmallRye may have it. */
    public String problem(String text) {
        if (text == null || text.isBlank()) {
            return "The document is empty: send a GraphQL query or mutation.";
        }
        if (text.length() > limits.documentSize()) {
            return "The document is " + text.length() + " characters long; at most " + limits.documentSize()
                    + " are accepted (limit documentSize).";
        }
        if (known.containsKey(text)) {
            return null;
        }
        try {
            remember(text, Parser.parse(text));
        } catch (InvalidSyntaxException e) {
            return "The document is not valid GraphQL: " + Echo.printable(e.getMessage(), Echo.LIMIT) + ".";
        } catch (RuntimeException e) {
            return "The document is not valid GraphQL.";
        }
        return null;
    }

    /**
     * The parsed document of a text {@link #problem} found nothing wrong with (graphql-java's documents are
     * immutable, so one serves every request that sends the text); parsed again only if it was forgotten since.
     */
    public Document document(String text) {
        Document parsed = known.get(text);
        return parsed != null ? parsed : remember(text, Parser.parse(text));
    }

    private Document remember(String text, Document parsed) {
        if (known.size() >= KNOWN_DOCUMENTS) {
            known.clear();
        }
        known.put(text, parsed);
        return parsed;
    }
}
