package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shim of core's {@code jenkins.util.Timer}: the controller's shared scheduled pool of 10 daemon threads, created on
 * first use. Real core also runs every task as {@code ACL.SYSTEM2} and logs uncaught exceptions; the shim runs tasks
 * as whatever the test thread is, so permission behaviour needs the real build's JenkinsRule tests.
 */
public class Timer {

    private static ScheduledExecutorService executorService;

    private Timer() {}

    @NonNull
    public static synchronized ScheduledExecutorService get() {
        if (executorService == null) {
            AtomicInteger count = new AtomicInteger();
            executorService = new ScheduledThreadPoolExecutor(10, task -> {
                Thread t = new Thread(task, "jenkins.util.Timer [#" + count.incrementAndGet() + "]");
                t.setDaemon(true); // never keeps a test JVM alive
                return t;
            });
        }
        return executorService;
    }
}
