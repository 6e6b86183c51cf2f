package one.apiin.gateway.graphql;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import one.apiin.gateway.auth.Caller;
import one.apiin.gateway.auth.Callers;
import one.apiin.gateway.auth.CredentialWatch;
import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.Failures;
import one.apiin.gateway.error.NotFoundException;
import one.apiin.gateway.generation.GenerationService;
import one.apiin.gateway.graphql.guard.WebsocketUpgradeGuard;
import one.apiin.gateway.observability.Traces;
import one.apiin.gateway.support.Echo;
import one.apiin.gateway.task.PageCursor;
import one.apiin.gateway.task.TaskService;
import one.apiin.gateway.task.TaskSnapshot;
import one.apiin.gateway.task.feed.TaskFeed;

import graphql.schema.DataFetchingEnvironment;

@GraphQLApi
public class TaskResource {

    static final int DEFAULT_PAGE = 20;
    /** The HTTP header that carries an idempotency key, as input.idempotencyKey does. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_PAGE = 100;

    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;
    @Inject
    TaskService tasks;
    @Inject
    GenerationService generation;
    @Inject
    TaskFeed feed;
    @Inject
    SubscriptionCaps caps;
    @Inject
    Context context;
    @Inject
    CredentialWatch watch;
    @Inject
    CurrentRequest links;

    @Query("task")
    @Description("The caller's own task, or null when it does not exist or belongs to someone else")
    public Uni<TaskView> task(@NonNull @Id String id) {
        Traces.taskId(id);
        String base = links.base(context);
        return Resolvers.guarded(() -> callers.active(identity).chain(caller -> {
            // Ids carry a signature of their owner: anything else (someone else's, made up, garbage) is not looked up.
            if (!tasks.mayBelongTo(id, caller.owner())) {
                return Uni.createFrom().nullItem();
            }
            return tasks.findOwned(id, caller.owner())
                    .map(task -> task == null ? null : TaskView.of(task, base));
        }));
    }

    @Query("tasks")
    @Description("The caller's own tasks, newest first")
    public Uni<@NonNull TaskConnection> tasks(@Description("Page size, 1 to 100; 20 when absent") Integer first,
            @Description("The endCursor of the previous page") String after) {
        String base = links.base(context);
        return Resolvers.guarded(() -> {
            callers.require(identity);
            int size = first == null ? DEFAULT_PAGE : first;
            if (size < 1 || size > MAX_PAGE) {
                throw new BadUserInputException("first must be between 1 and " + MAX_PAGE);
            }
            PageCursor cursor = after == null ? null
                    : PageCursor.decode(after).orElseThrow(
                            () -> new BadUserInputException("after must be an endCursor returned by tasks"));
            return callers.active(identity)
                    .chain(caller -> tasks.page(caller.owner(), cursor, size + 1))
                    .map(page -> connection(page, size, base));
        });
    }

    @Mutation("generateImage")
    @Description("Start a generation; returns at once with the task (already SUCCEEDED when served from the cache)")
    public Uni<@NonNull TaskView> generateImage(@NonNull GenerateImageInput input) {
        String base = links.base(context);
        String header = links.header(IDEMPOTENCY_KEY);
        return Resolvers.guarded(() -> callers.active(identity)
                .chain(caller -> generation.generate("graphql", caller, input.toRequest(header), input.cache))
                .invoke(task -> Traces.taskId(task.id())).map(task -> TaskView.of(task, base)));
    }

    @Subscription("task")
    @Description("The task's current state at once, then every change, completing after SUCCEEDED or FAILED")
    public Multi<@NonNull TaskView> follow(@NonNull @Id String id) {
        // Refusals are thrown here, before the stream exists: a stream that failed instead would have to yield
        // a null Task, which the contract's Task! forbids, and the client would be told nothing. Task ids carry
        // a signature of their owner, so that this check needs no database read.
        Traces.taskId(id);
        Caller caller = callers.require(identity);
        NotFoundException notFound = new NotFoundException("There is no task " + Echo.printable(id, Echo.LIMIT)
                + " of yours to follow.");
        if (!tasks.mayBelongTo(id, caller.owner())) {
            throw notFound;
        }
        String base = links.base(context);
        Runnable release = caps.admit(connection(), caller.owner());
        // A websocket's identity dates from its connection_init: a gateway key is checked again before following.
        return Multi.createFrom().uni(callers.active(identity))
                .onItem().transformToMultiAndConcatenate(active -> watch.whileValid(active,
                        feed.follow(id, active.owner(), notFound)))
                .map(task -> TaskView.of(task, base))
                .onFailure().transform(Failures::toClientError)
                .onTermination().invoke(release);
    }

    /**
     * What identifies the websocket connection a subscription came on: SmallRye keeps its headers per connection (a
     * copy made before the handshake, which the handshake's own headers leave now).
     */
    private Object connection() {
        try {
            Object headers = context.unwrap(DataFetchingEnvironment.class).getGraphQlContext().get("httpHeaders");
            WebsocketUpgradeGuard.forgetHandshake(headers);
            return headers;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static TaskConnection connection(List<TaskSnapshot> rows, int size, String base) {
        boolean more = rows.size() > size;
        var edges = rows.stream().limit(size)
                .map(task -> new TaskConnection.TaskEdge(PageCursor.of(task).encode(), TaskView.of(task, base)))
                .toList();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new TaskConnection(edges, new TaskConnection.PageInfo(more, end));
    }
}
