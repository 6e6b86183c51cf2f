package one.apiin.gateway.graphql;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.Failures;

/** What every resolver shares. */
final class Resolvers {

    private Resolvers() {
    }

    /** Runs a resolver so that anything it throws, at once or later, reaches the client in the contract's terms. */
    static <T> Uni<T> guarded(Supplier<Uni<? extends T>> resolver) {
        return Uni.createFrom().deferred(resolver).onFailure().transform(Failures::toClientError);
    }
}
