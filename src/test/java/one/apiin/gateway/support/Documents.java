package one.apiin.gateway.support;

/** The GraphQL documents the tests send, as a frontend would write them. */
public final class Documents {

    private Documents() {
    }

    public static final String TASK_FIELDS = """
            id status progress model prompt negativePrompt aspectRatio numImages seed
            images { url width height mimeType storage }
            creditsCharged cached error { code message } createdAt updatedAt requestedModel options { name value }
            """;

    public static final String GENERATE = """
            mutation Generate($input: GenerateImageInput!) {
              generateImage(input: $input) { %s }
            }
            """.formatted(TASK_FIELDS);

    public static final String TASK = """
            query Task($id: ID!) {
              task(id: $id) { %s }
            }
            """.formatted(TASK_FIELDS);

    public static final String TASKS = """
            query Tasks($first: Int, $after: String) {
              tasks(first: $first, after: $after) {
                edges { cursor node { id prompt } }
                pageInfo { hasNextPage endCursor }
              }
            }
            """;

    public static final String SUBSCRIBE = """
            subscription Follow($id: ID!) {
              task(id: $id) { %s }
            }
            """.formatted(TASK_FIELDS);
}
