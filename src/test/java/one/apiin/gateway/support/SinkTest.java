package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** The one-subscriber stream the task feed and the credential watch are built on: demand, order, end, cancel. */
class SinkTest {

    @Test
    void itemsWaitForDemandAndTheEndFollowsThem() {
        AtomicReference<Sink<String>> sink = new AtomicReference<>();
        AssertSubscriber<String> subscriber = Sink.<String> multi(sink::set).subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        sink.get().emit("queued");
        sink.get().emit("running");
        sink.get().complete();
        sink.get().emit("after the end");
        subscriber.assertHasNotReceivedAnyItem().assertNotTerminated();
        subscriber.request(1);
        subscriber.assertItems("queued").assertNotTerminated();
        subscriber.request(5);
        subscriber.assertItems("queued", "running").assertCompleted();
    }

    @Test
    void aFailureComesAfterTheItemsBeforeIt() {
        AssertSubscriber<String> subscriber = Sink.<String> multi(sink -> {
            sink.emit("queued");
            sink.fail(new IllegalStateException("gone"));
        }).subscribe().withSubscriber(AssertSubscriber.create(1));
        subscriber.assertItems("queued").assertFailedWith(IllegalStateException.class, "gone");
    }

    @Test
    void cancellingRunsTheTerminationOnceAndDropsWhatWaits() {
        AtomicInteger terminations = new AtomicInteger();
        AtomicReference<Sink<String>> sink = new AtomicReference<>();
        AssertSubscriber<String> subscriber = Sink.<String> multi(s -> {
            s.onTermination(terminations::incrementAndGet);
            sink.set(s);
        }).subscribe().withSubscriber(AssertSubscriber.create(0));
        sink.get().emit("waiting");
        subscriber.cancel();
        assertThat(sink.get().isCancelled()).isTrue();
        sink.get().complete();
        subscriber.request(1);
        subscriber.assertHasNotReceivedAnyItem().assertNotTerminated();
        assertThat(terminations).hasValue(1);
    }

    @Test
    void theTerminationRunsAfterCompletionAndEachSubscriberGetsItsOwnSink() {
        AtomicInteger terminations = new AtomicInteger();
        var multi = Sink.<Integer> multi(s -> {
            s.onTermination(terminations::incrementAndGet);
            s.emit(1);
            s.complete();
        });
        multi.subscribe().withSubscriber(AssertSubscriber.create(1)).assertItems(1).assertCompleted();
        multi.subscribe().withSubscriber(AssertSubscriber.create(1)).assertItems(1).assertCompleted();
        assertThat(terminations).hasValue(2);
    }

    @Test
    void aSubscriberAskingForMoreFromOnNextGetsItInOrderWithoutReentering() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        Sink.<Integer> multi(s -> {
            for (int i = 0; i < 100; i++) {
                s.emit(i);
            }
            s.complete();
        }).subscribe().withSubscriber(new Flow.Subscriber<Integer>() {
            Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(Integer item) {
                deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
                seen.add(item);
                subscription.request(1);
                depth.decrementAndGet();
            }

            @Override
            public void onError(Throwable failure) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(seen).hasSize(100).isSorted();
        assertThat(deepest).hasValue(1);
    }

    @Test
    void itemsFromManyThreadsAreSignalledOneAtATimeAndNoneIsLost() throws Exception {
        AtomicReference<Sink<Integer>> sink = new AtomicReference<>();
        AssertSubscriber<Integer> subscriber = Sink.<Integer> multi(sink::set).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        int threads = 4;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        sink.get().emit(base + i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        start.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        sink.get().complete();
        subscriber.assertCompleted();
        assertThat(subscriber.getItems()).hasSize(threads * each).doesNotHaveDuplicates();
    }
}
