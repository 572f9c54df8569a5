package dev.rollgate.jenkins;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a step's work runs off the CPS thread: Jenkins' shared {@code Timer} pool in production, a manual one in
 * tests (time is injected, never slept). Held in transient fields and restored after a restart.
 */
public interface Scheduler {

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);

    Future<?> submit(Runnable task);

    /** Jenkins' {@code jenkins.util.Timer}: a small shared pool whose tasks run as SYSTEM. */
    Scheduler TIMER = new Scheduler() {
        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            return jenkins.util.Timer.get().schedule(task, delay, unit);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return jenkins.util.Timer.get().submit(task);
        }
    };
}
