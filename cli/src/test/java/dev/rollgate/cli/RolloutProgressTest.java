package dev.rollgate.cli;

import dev.rollgate.render.ProgressDisplay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.analysis.MetricSpec;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.driver.Interruption;
import dev.rollgate.ledger.StepRecord;
import dev.rollgate.rollout.Abort;
import dev.rollgate.rollout.AbortCause;
import dev.rollgate.rollout.PauseCondition;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.PauseReason;
import dev.rollgate.strategy.PlanStep;
import dev.rollgate.strategy.Planner;
import dev.rollgate.strategy.RolloutPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live progress display as a driver feeds it, and SIGINT/SIGTERM handling during a rollout. */
class RolloutProgressTest {

    static final Instant T0 = RolloutCommandsTest.T0;

    @TempDir
    Path dir;

    GateCommandTest.MutableClock clock = new GateCommandTest.MutableClock(T0);
    StringWriter text = new StringWriter();

    RolloutPlan plan() throws Exception {
        Path config = Files.writeString(dir.resolve("rollgate.yaml"), RolloutCommandsTest.POLICY);
        return Planner.plan(ConfigLoader.load(config).environment("staging").orElseThrow().spec().rollout().orElseThrow(),
                Attendance.ATTENDED);
    }

    static int indexOf(RolloutPlan plan, String description) {
        List<PlanStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).describe().equals(description)) {
                return i;
            }
        }
        throw new AssertionError("no step " + description + " in " + steps);
    }

    static RolloutStatus status(RolloutPhase phase, String message, int step, int steps, int weight,
                                List<PauseCondition> pauses, List<AnalysisRun> runs, Optional<Abort> abort,
                                Optional<Instant> finished, List<StepRecord> records) {
        return new RolloutStatus("r-1", "payments-api", "staging", "canary", phase, message, Optional.of("v1"), "v2",
                step, steps, weight, List.of(), pauses, runs, abort, Optional.empty(), false, Optional.empty(),
                Optional.empty(), T0, T0, Duration.ZERO, Optional.empty(), finished, records);
    }

    List<String> lines() {
        return List.of(text.toString().split("\n"));
    }

    @Test
    void showsStepsTrafficMeasurementsCountdownAndAClosingSummary() throws Exception {
        RolloutPlan plan = plan();
        int n = plan.steps().size();
        int weightStep = indexOf(plan, "setWeight 25");
        int pauseStep = indexOf(plan, "pause 10m (CanaryPauseStep)");
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), clock, Optional.of(plan), false);
        AnalysisRun run = AnalysisRun.start("background",
                AnalysisSpec.of(MetricSpec.max(Metric.ERROR_RATE, 1)).withInterval(Duration.ofMinutes(1)), T0);
        PauseCondition pause = new PauseCondition(PauseReason.CANARY_PAUSE_STEP, T0, Optional.of(T0.plusSeconds(600)),
                "paused 10m at 25%");

        display.saved(Optional.empty(), status(RolloutPhase.PROGRESSING, "step", weightStep, n, 0, List.of(), List.of(),
                Optional.empty(), Optional.empty(), List.of()));
        RolloutStatus paused = status(RolloutPhase.PAUSED, "paused 10m at 25%", pauseStep, n, 25, List.of(pause),
                List.of(run), Optional.empty(), Optional.empty(), List.of());
        display.saved(Optional.empty(), paused);
        clock.advance(Duration.ofSeconds(60));
        AnalysisRun measured = run.record(Metric.ERROR_RATE, MetricSample.of(0.4, 0.35), T0.plusSeconds(60));
        RolloutStatus withMeasurement = status(RolloutPhase.PAUSED, "paused 10m at 25%", pauseStep, n, 25,
                List.of(pause), List.of(measured), Optional.empty(), Optional.empty(), List.of());
        display.saved(Optional.empty(), withMeasurement);
        clock.advance(Duration.ofSeconds(5));
        display.saved(Optional.empty(), withMeasurement); // 5 s later: too soon for another countdown line
        clock.advance(Duration.ofSeconds(6));
        display.saved(Optional.empty(), withMeasurement);
        Instant end = clock.instant();
        RolloutStatus back = status(RolloutPhase.ROLLED_BACK, "rolled back: error rate", pauseStep, n, 0, List.of(),
                List.of(measured), Optional.of(new Abort(AbortCause.ANALYSIS_FAILED, "analysis background Failed", end)),
                Optional.of(end), List.of(new StepRecord("setWeight 25", T0, Optional.of(T0.plusSeconds(2)), "ok"),
                        new StepRecord("pause 10m (CanaryPauseStep)", T0.plusSeconds(2), Optional.of(end),
                                "rolled back")));
        display.saved(Optional.empty(), back);
        display.summary(back);

        List<String> lines = lines();
        assertThat(lines.get(0)).isEqualTo("Rolling out v2 to payments-api in staging (canary, " + n
                + " steps; replacing v1)");
        assertThat(lines).containsSubsequence(
                "step " + (weightStep + 1) + "/" + n + ": setWeight 25",
                "step " + (pauseStep + 1) + "/" + n + ": pause 10m (CanaryPauseStep)",
                "  traffic: v1 75% | v2 25%",
                "  paused: paused 10m at 25% until 10:10:00 UTC",
                "  background: error_rate canary 0.40% baseline 0.35% ✓ (max 1%)",
                "  next step in 9m",
                "  next step in 8m49s",
                "  traffic: v1 100% | v2 0%",
                "  ✗ analysis_failed: analysis background Failed; traffic goes back to v1",
                "  phase: RolledBack",
                "#  STEP                         STARTED   DURATION  RESULT",
                "1  setWeight 25                 10:00:00  2s        ok",
                "2  pause 10m (CanaryPauseStep)  10:00:02  1m9s      rolled back",
                "Result: RolledBack — rolled back: error rate (1m11s)",
                "Traffic: v1 100% | v2 0%");
        // 60 s, then 11 s after the last line (the save 5 s after it printed none): a plain line at most every 10 s.
        assertThat(lines.stream().filter(l -> l.contains("next step in"))).hasSize(2);
        assertThat(lines.stream().filter(l -> l.contains("error_rate canary"))).hasSize(1);
        assertThat(text.toString()).doesNotContain("\r", "\u001b", "phase: Paused"); // the paused line says it
    }

    @Test
    void onATerminalTheCountdownRewritesOneLineAtMostOnceASecond() {
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), clock, Optional.empty(), true);
        PauseCondition pause = new PauseCondition(PauseReason.CANARY_PAUSE_STEP, T0, Optional.of(T0.plusSeconds(30)),
                "paused 30s at 25%");
        RolloutStatus paused = status(RolloutPhase.PAUSED, "paused", 1, 3, 25, List.of(pause), List.of(),
                Optional.empty(), Optional.empty(), List.of());
        display.saved(Optional.empty(), paused);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMillis(600));
            display.saved(Optional.empty(), paused);
        }
        display.saved(Optional.empty(), status(RolloutPhase.PROGRESSING, "next", 2, 3, 25, List.of(), List.of(),
                Optional.empty(), Optional.empty(), List.of()));

        // 0.6 s, 1.2 s (shown), 1.8 s, 2.4 s (shown): two refreshes, each a carriage return, then a new line.
        assertThat(text.toString()).contains("\r  next step in 29s   \r  next step in 28s   \nstep 3/3: (step 3)\n");
    }

    @Test
    void sigintAndSigtermAskTheDriverToStopOnceThenTheHandlersAreRestored() throws Exception {
        List<Interruption> stops = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);
        try (SignalHandling signals = SignalHandling.install(how -> {
            stops.add(how);
            stopped.countDown();
        }, Interruption.LEAVE, errWriter)) {
            // Without sun.misc.Signal a real SIGINT would end this test JVM: only the in-process path is tested then.
            assumeTrue(signals.viaSignals(), "sun.misc.Signal is not available");
            kill("INT");
            assertThat(stopped.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(signals.interrupted()).isTrue();
            kill("TERM");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!err.toString().contains("again") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(stops).containsExactly(Interruption.LEAVE);
        assertThat(err.toString()).contains("rollgate: SIGINT received: leaving the rollout as it is; carry on with"
                + " rollgate resume", "rollgate: SIGTERM again: still stopping safely, please wait");
    }

    private static void kill(String signal) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of("kill", "-" + signal,
                String.valueOf(ProcessHandle.current().pid())))).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}
