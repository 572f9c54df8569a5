package dev.rollgate.jenkins;

import hudson.model.Run;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What Rollgate's durable step executions share: their work runs on a scheduler (Jenkins' timer pool, never the CPS
 * thread), their time comes from a clock, and they complete exactly once (a timer firing during {@code stop} is the
 * classic race). All of it is transient: after a restart it comes back with production defaults on first use;
 * tests pass their own through the constructor or {@link #restoreForTest}.
 */
abstract class TimedStepExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private transient Clock clock;
    private transient Scheduler scheduler;
    private transient AtomicBoolean completed;
    private transient volatile ScheduledFuture<?> task;
    private transient RollgateAction pageForTest;

    TimedStepExecution(StepContext context, Clock clock, Scheduler scheduler) {
        super(context);
        this.clock = clock;
        this.scheduler = scheduler;
        this.completed = new AtomicBoolean();
    }

    /** Tests: what a restarted controller would have. */
    final synchronized void restoreForTest(Clock c, Scheduler s) {
        this.clock = c;
        this.scheduler = s;
    }

    /** Tests: the build page approvals are given on and rollouts shown on (the fake context has no build). */
    final void withPageForTest(RollgateAction page) {
        this.pageForTest = page;
    }

    /** The build's Rollgate page, added on first use; none without a build. */
    final Optional<RollgateAction> buildPage(StepContext ctx) throws IOException, InterruptedException {
        if (pageForTest != null) {
            return Optional.of(pageForTest);
        }
        Run<?, ?> run = ctx.get(Run.class);
        return run == null ? Optional.empty() : Optional.of(RollgateAction.of(run));
    }

    final synchronized Clock clock() {
        if (clock == null) {
            clock = Clock.systemUTC();
        }
        return clock;
    }

    private synchronized Scheduler scheduler() {
        if (scheduler == null) {
            scheduler = Scheduler.TIMER;
        }
        return scheduler;
    }

    private synchronized AtomicBoolean completion() {
        if (completed == null) {
            completed = new AtomicBoolean();
        }
        return completed;
    }

    /** Runs {@code work} on the scheduler after {@code delayMillis} (at once when not positive). */
    final void schedule(Runnable work, long delayMillis) {
        task = scheduler().schedule(work, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} on the scheduler now, apart from any scheduled run. */
    final void submit(Runnable work) {
        scheduler().submit(work);
    }

    /** Cancels the scheduled run, if any; a run already going finishes. */
    final void cancelScheduled() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    final boolean isCompleted() {
        return completion().get();
    }

    final void succeed(Object result) {
        if (completion().compareAndSet(false, true)) {
            getContext().onSuccess(result);
        }
    }

    final void fail(Throwable cause) {
        if (completion().compareAndSet(false, true)) {
            getContext().onFailure(cause);
        }
    }
}
