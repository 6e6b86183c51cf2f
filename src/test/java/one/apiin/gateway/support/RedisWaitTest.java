package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Redis call's wait is timed where its answer is handled (issue 20, item 3): on a replica whose event loop is busy,
 * an answer that arrived in time must not count as a failure, which sent repeats on to pay again and dropped results
 * from the cache. Real Redis on loopback; the busy loop is a loop kept busy, as a burst of requests keeps it.
 */
class RedisWaitTest {

    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, "redis://127.0.0.1:6379");
        // A pooled connection ready, as on a replica that has served requests.
        redis.send(Request.cmd(Command.PING)).await().atMost(Duration.ofSeconds(10));
    }

    @AfterAll
    static void close() {
        redis.close();
        vertx.closeAndAwait();
    }

    @Test
    void anAnswerThatArrivedWhileTheEventLoopWasBusyIsTakenNotTimedOut() {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(() -> {
            RedisWait.within(Duration.ofMillis(200), redis.send(Request.cmd(Command.PING))).subscribe().with(
                    answer -> outcome.complete(answer.toString()),
                    failure -> outcome.complete(failure.getClass().getSimpleName()));
            // The loop stays busy three times the wait (other requests' work), while Redis answers at once.
            keepBusy(Duration.ofMillis(600));
        });

        await().atMost(Duration.ofSeconds(10)).until(outcome::isDone);
        assertThat(outcome.join()).isEqualTo("PONG");
    }

    @Test
    void aRedisThatDoesNotAnswerFailsTheCallOnceItsWaitIsOver() throws Exception {
        CopyOnWriteArrayList<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Redis stalled = Redis.createClient(vertx, "redis://127.0.0.1:" + silent.getLocalPort());
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            vertx.getOrCreateContext().runOnContext(() -> RedisWait
                    .within(Duration.ofMillis(300), stalled.send(Request.cmd(Command.PING)))
                    .subscribe().with(answer -> outcome.complete(null), outcome::complete));

            await().atMost(Duration.ofSeconds(10)).until(outcome::isDone);
            assertThat(outcome.join()).isInstanceOf(TimeoutException.class);
            stalled.close();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void offAnEventLoopTheWaitStillHolds() {
        Uni<Response> never = Uni.createFrom().nothing();
        assertThatThrownBy(() -> RedisWait.within(Duration.ofMillis(100), never).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(TimeoutException.class);
    }

    private static void keepBusy(Duration time) {
        long end = System.nanoTime() + TimeUnit.NANOSECONDS.convert(time);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
