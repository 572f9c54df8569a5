package dev.rollgate.jenkins;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Scheduler} in virtual time: nothing runs until the test calls {@link #runPending()} or
 * {@link #advance(Duration)}, and then tasks run on the test's thread, in order of due time (ties in the order they
 * were scheduled). A submitted task is a task due now. Tasks may schedule further tasks; those due within the
 * advanced window run in the same call.
 *
 * <p>A task that throws does not vanish as it would in a thread pool: {@code runPending}/{@code advance} rethrow it
 * (as an {@link AssertionError}) once the tasks due have run, because a step's tick must report errors through
 * {@code onFailure}, never by throwing.
 *
 * <p>Not {@code Serializable}, like {@link ManualClock}: a step that persists its scheduler fails the River test.
 */
public final class ManualScheduler implements Scheduler {

    /** A task rescheduling itself with no delay would otherwise spin forever inside one {@code advance}. */
    private static final int MAX_TASKS_PER_CALL = 100_000;

    private final ManualClock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq));

    public ManualScheduler(ManualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A scheduler with its own clock at 2025-01-01T00:00:00Z. */
    public ManualScheduler() {
        this(ManualClock.at("2025-01-01T00:00:00Z"));
    }

    public ManualClock clock() {
        return clock;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        // As ScheduledThreadPoolExecutor does, a negative delay means "now".
        Duration d = Duration.of(Math.max(0, delay), unit.toChronoUnit());
        return enqueue(task, clock.instant().plus(d));
    }

    @Override
    public Future<?> submit(Runnable task) {
        Objects.requireNonNull(task, "task");
        return enqueue(task, clock.instant());
    }

    private Task enqueue(Runnable runnable, Instant due) {
        Task t = new Task(runnable, due, sequence.getAndIncrement());
        synchronized (queue) {
            queue.add(t);
        }
        return t;
    }

    /** Runs every task due now (submitted ones included) without moving time; returns how many ran. */
    public int runPending() {
        return runUntil(clock.instant());
    }

    /**
     * Moves the clock forward by {@code by}, running each task as its due time is reached (the clock reads that due
     * time while it runs); returns how many ran.
     */
    public int advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, got " + by);
        }
        return runUntil(clock.instant().plus(by));
    }

    /** Moves the clock to the next task's due time and runs what is due then; empty when nothing is scheduled. */
    public Optional<Duration> advanceToNext() {
        Optional<Duration> next = nextDelay();
        next.ifPresent(this::advance);
        return next;
    }

    private int runUntil(Instant target) {
        List<Throwable> failures = new ArrayList<>();
        int ran = 0;
        while (true) {
            Task next;
            synchronized (queue) {
                dropCancelled();
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    break;
                }
                queue.poll();
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
            }
            // Run outside the lock: the task may schedule or cancel other tasks.
            next.run();
            next.failure().ifPresent(failures::add);
            if (++ran > MAX_TASKS_PER_CALL) {
                throw new AssertionError("more than " + MAX_TASKS_PER_CALL + " tasks ran up to " + target
                        + ": a task keeps rescheduling itself without delay");
            }
        }
        if (target.isAfter(clock.instant())) {
            clock.set(target);
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " scheduled task(s) threw; the first: "
                    + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        return ran;
    }

    private void dropCancelled() {
        queue.removeIf(Task::isCancelled);
    }

    /** How long until the earliest live task is due (zero for submitted or overdue ones); empty if none. */
    public Optional<Duration> nextDelay() {
        synchronized (queue) {
            dropCancelled();
            return Optional.ofNullable(queue.peek()).map(this::delayOf);
        }
    }

    /** The delays of all live tasks, earliest first: a step that arms two timers instead of one shows up here. */
    public List<Duration> pendingDelays() {
        synchronized (queue) {
            dropCancelled();
            return queue.stream().sorted(queue.comparator()).map(this::delayOf).toList();
        }
    }

    /** How many tasks are scheduled or submitted and neither run nor cancelled. */
    public int pendingCount() {
        synchronized (queue) {
            dropCancelled();
            return queue.size();
        }
    }

    private Duration delayOf(Task t) {
        Duration d = Duration.between(clock.instant(), t.due);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** A future whose delay is measured on the manual clock; it is done once run or cancelled. */
    private final class Task extends FutureTask<Void> implements ScheduledFuture<Void> {
        final Instant due;
        final long seq;
        private volatile Throwable failure;

        Task(Runnable runnable, Instant due, long seq) {
            super(runnable, null);
            this.due = due;
            this.seq = seq;
        }

        @Override
        protected void setException(Throwable t) {
            failure = t;
            super.setException(t);
        }

        Optional<Throwable> failure() {
            return Optional.ofNullable(failure);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public String toString() {
            return "ManualScheduler.Task[due " + due + (isCancelled() ? ", cancelled" : isDone() ? ", done" : "") + "]";
        }
    }
}
