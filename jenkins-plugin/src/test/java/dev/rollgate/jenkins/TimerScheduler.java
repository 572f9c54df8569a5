package dev.rollgate.jenkins;

import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A real timer pool of its own, which a test can shut down as a controller going away takes its timer with it. */
final class TimerScheduler implements Scheduler {

    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "test-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return pool.schedule(task, delay, unit);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return pool.submit(task);
    }

    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }
}
