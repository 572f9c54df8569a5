package dev.rollgate.jenkins.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.jenkins.shim.RecordingStepContext.Completion;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousResumeNotSupportedException;
import org.junit.jupiter.api.Test;

class SynchronousNonBlockingStepExecutionTest {

    static final class StatusStep extends Step {
        @Override
        public StepExecution start(StepContext context) {
            return new Execution(context, () -> "status");
        }

        static final class DescriptorImpl extends StepDescriptor {
            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of();
            }

            @Override
            public String getFunctionName() {
                return "rolloutStatus";
            }
        }
    }

    /** Runs a task given by the test, and tells when run() has started and when it has returned or thrown. */
    static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        private static final long serialVersionUID = 1L;
        final transient CountDownLatch started = new CountDownLatch(1);
        final transient CountDownLatch finished = new CountDownLatch(1);
        final transient ThrowingSupplier body;

        interface ThrowingSupplier {
            String get() throws Exception;
        }

        Execution(StepContext context, ThrowingSupplier body) {
            super(context);
            this.body = body;
        }

        @Override
        protected String run() throws Exception {
            started.countDown();
            try {
                return body.get();
            } finally {
                finished.countDown();
            }
        }
    }

    @Test
    void completesTheContextOnceWithRunsValueOnADaemonThread() throws Exception {
        RecordingStepContext context = new RecordingStepContext();
        Execution execution = new Execution(context, () -> "deployed " + Thread.currentThread().isDaemon());
        assertThat(execution.getStatus()).isEqualTo("not yet scheduled");

        assertThat(execution.start()).as("start() returns false: the step completes later").isFalse();

        Completion completion = context.awaitCompletion();
        assertThat(completion.value()).isEqualTo("deployed true");
        assertThat(completion.failure()).isNull();
        assertThat(completion.thread()).startsWith(SynchronousNonBlockingStepExecution.class.getName() + " [#")
                .isNotEqualTo(Thread.currentThread().getName());
        assertThat(execution.getStatus()).isEqualTo("running in thread: " + completion.thread());
        assertThat(context.completions).hasSize(1);
    }

    @Test
    void completesTheContextOnceWithRunsException() throws Exception {
        RecordingStepContext context = new RecordingStepContext();
        IllegalStateException boom = new IllegalStateException("rollout not found");
        Execution execution = new Execution(context, () -> {
            throw boom;
        });

        execution.start();

        Completion completion = context.awaitCompletion();
        assertThat(completion.failure()).isSameAs(boom);
        assertThat(context.completions).hasSize(1);
    }

    @Test
    void stopInterruptsRunAndFailsTheContextOnceWithTheStopCause() throws Exception {
        RecordingStepContext context = new RecordingStepContext();
        CountDownLatch never = new CountDownLatch(1);
        Execution execution = new Execution(context, () -> {
            never.await(); // until interrupted
            return "unreachable";
        });
        execution.start();
        assertThat(execution.started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(execution.blocksRestart()).as("a running task blocks a restart").isTrue();

        Exception cause = new Exception("aborted by user");
        execution.stop(cause);

        assertThat(execution.finished.await(10, TimeUnit.SECONDS)).as("run() was interrupted").isTrue();
        // run()'s InterruptedException is attached to the stop cause instead of completing the context again.
        RecordingStepContext.awaitTrue(() -> cause.getSuppressed().length == 1, "the interruption to be recorded");
        assertThat(cause.getSuppressed()[0]).isInstanceOf(InterruptedException.class);
        assertThat(context.completions).hasSize(1);
        assertThat(context.completions.get(0).failure()).isSameAs(cause);
    }

    @Test
    void onResumeFailsTheStepNamingItsFunction() {
        RecordingStepContext context = new RecordingStepContext();
        context.services.put(StepDescriptor.class, new StatusStep.DescriptorImpl());
        Execution execution = new Execution(context, () -> "never started");

        execution.onResume();

        assertThat(context.completions).singleElement().satisfies(c -> assertThat(c.failure())
                .isInstanceOf(SynchronousResumeNotSupportedException.class)
                .hasMessageStartingWith("The Pipeline step `rolloutStatus` cannot be resumed after a controller restart."));
    }

    @Test
    void onResumeWithoutADescriptorSaysQuestionMark() {
        RecordingStepContext context = new RecordingStepContext();
        new Execution(context, () -> "never started").onResume();

        assertThat(context.completions.get(0).failure())
                .hasMessageStartingWith("The Pipeline step `?` cannot be resumed");
    }

    @Test
    void stepExecutionsDefaultStopFailsTheContextWithTheCause() throws Exception {
        RecordingStepContext context = new RecordingStepContext();
        StepExecution execution = new StepExecution(context) {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean start() {
                return false;
            }
        };
        Exception cause = new Exception("stop");

        execution.stop(cause);

        assertThat(context.completions).singleElement().satisfies(c -> assertThat(c.failure()).isSameAs(cause));
        assertThat(execution.getStatus()).isNull();
        assertThat(execution.blocksRestart()).isFalse();
        assertThat(context.hasBody()).as("hasBody is false when newBodyInvoker throws").isFalse();
    }

    @Test
    void stepExecutionWithoutAContextSaysSo() {
        StepExecution execution = new StepExecution(null) {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean start() {
                return true;
            }
        };

        assertThatThrownBy(execution::getContext)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pass in a StepContext");
    }
}
