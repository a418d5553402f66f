package offramp.work;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of threads doing one job, named after it ({@code copy-chunk-1}, {@code checksum-left-2}, ...) so
 * that a thread dump says what each does. Closing it interrupts what still runs and waits a bounded time for it to
 * end; a task that does not is named in the error, with what the pool was waiting for. Each task owns what it opens
 * (its connections in try-with-resources), so a failing task leaves nothing open behind it.
 */
public final class WorkerPool implements AutoCloseable {

    /** How long closing waits, by default, for interrupted tasks to end. */
    public static final Duration STOP_WITHIN = Duration.ofSeconds(30);

    private final String job;
    private final String waitsFor;
    private final Duration stopWithin;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor;

    /**
     * @param job        what the threads do, the prefix of their names
     * @param threads    how many
     * @param waitsFor   what an interrupted task may still be waiting for, for the error when it does not end in time
     * @param stopWithin how long closing waits for interrupted tasks to end
     */
    public WorkerPool(String job, int threads, String waitsFor, Duration stopWithin) {
        this.job = job;
        this.waitsFor = waitsFor;
        this.stopWithin = stopWithin;
        ThreadFactory names = named(job);
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), task -> names.newThread(() -> {
            running.add(Thread.currentThread());
            try {
                task.run();
            } finally {
                running.remove(Thread.currentThread());
            }
        }));
    }

    public WorkerPool(String job, int threads, String waitsFor) {
        this(job, threads, waitsFor, STOP_WITHIN);
    }

    /** Threads named {@code job-1}, {@code job-2}, ...; daemons, so that none keeps the process alive on its own. */
    public static ThreadFactory named(String job) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, job + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    public Future<?> submit(Runnable task) {
        return executor.submit(task);
    }

    /**
     * Takes no more tasks and waits until the submitted ones have ended, however long their work takes: what
     * bounds the work is the caller's (a watchdog, a statement timeout), not the pool.
     */
    public void finish() throws InterruptedException {
        executor.shutdown();
        while (!executor.awaitTermination(1, TimeUnit.HOURS)) {
            // still working
        }
    }

    /**
     * Interrupts the tasks that still run and waits up to the pool's bound for them to end.
     *
     * @throws IllegalStateException naming the threads that did not end in time and what they may be waiting for
     */
    @Override
    public void close() {
        executor.shutdownNow();
        boolean ended;
        try {
            ended = executor.awaitTermination(stopWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = executor.isTerminated();
        }
        if (!ended) {
            List<String> names = running.stream().map(Thread::getName).sorted().toList();
            throw new IllegalStateException("the " + job + " threads " + names + " did not stop within "
                + stopWithin.toSeconds() + " s of being interrupted: they still wait for " + waitsFor);
        }
    }
}
