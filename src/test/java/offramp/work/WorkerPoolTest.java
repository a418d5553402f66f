package offramp.work;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerPoolTest {

    @Test
    void threadsAreNamedAfterTheirJob() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(3);
        try (WorkerPool pool = new WorkerPool("copy-chunk", 3, "nothing")) {
            for (int i = 0; i < 3; i++) {
                pool.submit(() -> {
                    names.add(Thread.currentThread().getName());
                    all.countDown();
                    all.await(); // all three threads at once
                    return null;
                });
            }
            pool.finish();
        }
        assertEquals(Set.of("copy-chunk-1", "copy-chunk-2", "copy-chunk-3"), names);
    }

    @Test
    void finishWaitsForEveryTask() throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool("sum", 2, "nothing")) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Thread.sleep(5);
                    return n;
                }));
            }
            pool.finish();
            for (Future<Integer> f : results) {
                assertTrue(f.isDone());
            }
        }
    }

    @Test
    void closingInterruptsTasksThatStillRun() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        WorkerPool pool = new WorkerPool("index-build", 1, "nothing", Duration.ofSeconds(5));
        pool.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        pool.close();
        assertTrue(interrupted.get());
    }

    @Test
    void aTaskThatIgnoresTheInterruptIsNamedWithWhatItWaitsFor() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WorkerPool pool = new WorkerPool("checksum-left", 1, "a statement on the server", Duration.ofMillis(200));
        pool.submit(() -> {
            started.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // as a JDBC call blocked on a socket does
                }
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        IllegalStateException e = assertThrows(IllegalStateException.class, pool::close);
        assertTrue(e.getMessage().contains("[checksum-left-1]") && e.getMessage().contains("a statement on the server"),
            e.getMessage());
        release.countDown();
    }
}
