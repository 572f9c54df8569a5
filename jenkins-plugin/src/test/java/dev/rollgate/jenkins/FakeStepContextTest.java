package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeStepContextTest {

    private final FakeStepContext context = FakeStepContext.create();

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void aRiverCopyKeepsTheIdAndFindsTheSameConsoleEnvironmentAndCompletions() throws Exception {
        context.env("ROLLGATE_ENV", "prod");
        context.get(TaskListener.class).getLogger().println("[rollgate] before restart");

        FakeStepContext copy = River.roundTrip(context);

        assertThat(copy).isNotSameAs(context).isEqualTo(context).hasSameHashCodeAs(context);
        assertThat(copy.id()).isEqualTo(context.id());
        copy.get(TaskListener.class).getLogger().println("[rollgate] after restart");
        assertThat(context.log()).isEqualTo(String.format("[rollgate] before restart%n[rollgate] after restart%n"));
        assertThat(copy.get(EnvVars.class).get("rollgate_env")).as("EnvVars is case-insensitive").isEqualTo("prod");

        copy.onSuccess("promoted");

        assertThat(context.completions()).isEqualTo(1);
        assertThat(context.awaitCompletion(Duration.ofSeconds(5)).result()).isEqualTo("promoted");
    }

    @Test
    void contextsWithDifferentIdsAreNotEqual() {
        try (FakeStepContext other = FakeStepContext.create()) {
            assertThat(other).isNotEqualTo(context);
            assertThat(other.id()).isNotEqualTo(context.id());
        }
    }

    @Test
    void recordsOneCompletionAndShowsASecondOneAsACountOfTwo() throws Exception {
        IllegalStateException late = new IllegalStateException("timer fired during stop");

        context.onSuccess(null);

        FakeStepContext.Completion first = context.awaitCompletion(Duration.ofSeconds(5));
        assertThat(first.succeeded()).isTrue();
        assertThat(context.completions()).isEqualTo(1);

        context.onFailure(late);

        assertThat(context.completions()).as("a double completion is visible to the step test").isEqualTo(2);
        assertThat(context.allCompletions()).extracting(FakeStepContext.Completion::failure).containsExactly(null, late);
        assertThat(context.awaitCompletion(Duration.ofSeconds(5))).as("the first completion stays first").isEqualTo(first);
    }

    @Test
    void awaitsACompletionFromAnotherThread() throws Exception {
        Thread timer = new Thread(() -> context.onFailure(new IOException("analysis failed")), "fake-timer");
        timer.start();

        FakeStepContext.Completion completion = context.awaitCompletion(Duration.ofSeconds(10));

        assertThat(completion.succeeded()).isFalse();
        assertThat(completion.failure()).hasMessage("analysis failed");
        timer.join();
    }

    @Test
    void awaitingAStepThatNeverCompletesFailsWithTheConsole() throws Exception {
        context.get(TaskListener.class).getLogger().println("[rollgate] canary step 1/3: waiting");

        assertThatThrownBy(() -> context.awaitCompletion(Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not complete")
                .hasMessageContaining("canary step 1/3: waiting");
    }

    @Test
    void countsSaveStateCallsAndAnswersWithADoneFuture() throws Exception {
        assertThat(context.saveStateCalls()).isZero();

        assertThat(context.saveState().get()).isNull();
        context.saveState();

        assertThat(context.saveStateCalls()).isEqualTo(2);
    }

    @Test
    void setResultOnlyMakesTheResultWorse() {
        assertThat(context.result()).isNull();

        context.setResult(Result.FAILURE);
        context.setResult(Result.UNSTABLE);

        assertThat(context.result()).isEqualTo(Result.FAILURE);
    }

    @Test
    void hasNoBodyAndNoRunUnlessOneIsRegistered() throws Exception {
        assertThat(context.hasBody()).isFalse();
        assertThatThrownBy(context::newBodyInvoker).isInstanceOf(IllegalStateException.class);
        assertThat(context.get(Run.class)).isNull();
        assertThat(context.get(Thread.class)).isNull();
        assertThat(context.isReady()).isTrue();
    }

    @Test
    void aClosedContextActsLikeARunThatFailedToLoad() throws Exception {
        FakeStepContext copy = River.roundTrip(context);

        context.close();

        assertThat(copy.isReady()).isFalse();
        assertThatThrownBy(() -> copy.get(TaskListener.class)).isInstanceOf(IOException.class)
                .hasMessageContaining(context.id());
    }

    @Test
    void aPersistedListenerFailsTheRoundTripNamingTheRule() throws Exception {
        Holder holder = new Holder(context.get(TaskListener.class));

        assertThatThrownBy(() -> River.marshal(holder))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(Holder.class.getName())
                .hasMessageContaining("re-fetch it with getContext().get(TaskListener.class)")
                .hasMessageContaining("in field " + Holder.class.getName() + ".listener");
    }

    /** What a step execution that keeps its listener looks like. */
    private static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        private final TaskListener listener;

        Holder(TaskListener listener) {
            this.listener = listener;
        }
    }
}
