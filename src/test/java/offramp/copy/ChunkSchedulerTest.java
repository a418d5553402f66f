package offramp.copy;

import org.junit.jupiter.api.Test;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkSchedulerTest {

    @Test
    void workersSpreadOverTablesBiggestFirst() throws Exception {
        ChunkScheduler<String> s = new ChunkScheduler<>();
        for (int i = 0; i < 3; i++) {
            s.add("big", "big-" + i);
        }
        s.add("small", "small-0");
        var first = s.next().orElseThrow();
        var second = s.next().orElseThrow();
        assertEquals("big", first.table());
        assertEquals("small", second.table(), "a free table before a second load into a busy one");
        var third = s.next().orElseThrow();
        assertEquals("big", third.table(), "when every table is busy, the one with most left");
        s.release("big");
        s.release("small");
        s.release("big");
        assertEquals("big-2", s.next().orElseThrow().chunk());
        assertTrue(s.next().isEmpty());
    }

    @Test
    void aStartedTableIsFinishedBeforeTheNextIsStarted() throws Exception {
        ChunkScheduler<String> s = new ChunkScheduler<>();
        for (String table : java.util.List.of("a", "b", "c")) {
            for (int i = 0; i < (table.equals("a") ? 3 : 2); i++) {
                s.add(table, table + "-" + i);
            }
        }
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 7; i++) { // one worker
            var claim = s.next().orElseThrow();
            order.append(claim.chunk()).append(' ');
            s.release(claim.table());
        }
        assertEquals("a-0 a-1 a-2 b-0 b-1 c-0 c-1 ", order.toString(), "the largest first, each to its end");
        assertTrue(s.next().isEmpty());

        // Two workers: each keeps its own table; the one whose table is done starts the next.
        ChunkScheduler<String> two = new ChunkScheduler<>();
        for (String table : java.util.List.of("a", "b", "c")) {
            two.add(table, table + "-0");
            two.add(table, table + "-1");
        }
        var first = two.next().orElseThrow();
        var second = two.next().orElseThrow();
        assertEquals("a b", first.table() + " " + second.table());
        two.release("b");
        assertEquals("b-1", two.next().orElseThrow().chunk(), "b is started and free: its worker stays with it");
        two.release("a");
        assertEquals("a-1", two.next().orElseThrow().chunk());
        two.release("b");
        assertEquals("c-0", two.next().orElseThrow().chunk(), "b is done: c is started");
    }

    @Test
    void hugeRowChunksLoadOneAtATimeAndNeverBesideAnIndexBuild() throws Exception {
        AtomicBoolean indexing = new AtomicBoolean(true);
        ChunkScheduler<String> s = new ChunkScheduler<>(indexing::get, 1);
        s.add("blobs", "blob-0");
        s.add("blobs", "blob-1");
        s.hugeRows("blobs");
        s.add("small", "small-0");
        assertEquals("small", s.next().orElseThrow().table(), "the huge rows wait while an index build runs");
        AtomicInteger polls = new AtomicInteger();
        assertTrue(s.next(() -> polls.incrementAndGet() > 3).isEmpty(), "held back until the stop");
        indexing.set(false);
        var first = s.next().orElseThrow();
        assertEquals("blob-0", first.chunk());
        polls.set(0);
        assertTrue(s.next(() -> polls.incrementAndGet() > 3).isEmpty(), "one huge-row chunk at a time");
        s.release("blobs");
        assertEquals("blob-1", s.next().orElseThrow().chunk());
        s.release("blobs");
        s.release("small");
        assertTrue(s.next().isEmpty());
    }

    @Test
    void aWorkerWithNothingElseWaitsForATableBeingPlanned() throws Exception {
        ChunkScheduler<String> s = new ChunkScheduler<>();
        s.planning("walked");
        s.add("ready", "ready-0");
        assertEquals("ready-0", s.next().orElseThrow().chunk(), "planned tables load meanwhile");
        s.release("ready");

        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return s.next().map(ChunkScheduler.Claim::chunk).orElse("none");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertTrue(!waiting.isDone(), "no chunk left, but a table is still being planned: the worker waits");
        s.add("walked", "walked-0");
        s.planned("walked");
        assertEquals("walked-0", waiting.get(5, TimeUnit.SECONDS));
        s.release("walked");
        assertTrue(s.next().isEmpty(), "all planned and taken: done");
    }

    @Test
    void aPlanThatEndsWithoutChunksOrFailsReleasesTheWaitingWorkers() throws Exception {
        ChunkScheduler<String> s = new ChunkScheduler<>();
        s.planning("walked");
        AtomicBoolean failed = new AtomicBoolean();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return s.next(failed::get).isEmpty();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertTrue(!waiting.isDone());
        failed.set(true);
        s.planned("walked");
        assertTrue(waiting.get(5, TimeUnit.SECONDS), "the worker stops with no chunk");
    }
}
