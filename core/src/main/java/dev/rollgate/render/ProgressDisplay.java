package dev.rollgate.render;

import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.Measurement;
import dev.rollgate.driver.RolloutListener;
import dev.rollgate.rollout.Action;
import dev.rollgate.rollout.Observation;
import dev.rollgate.rollout.PauseCondition;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.RolloutPlan;
import dev.rollgate.target.Side;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Live progress of a rollout as the driver runs it: each step as it starts, the traffic split, every analysis
 * measurement as it arrives, pauses with the time left, failures and the final summary. Plain lines; on a terminal
 * the countdown of a timed pause rewrites one line (carriage return only, refreshed at most once a second), and
 * elsewhere (CI logs) it prints a plain line at most every {@link #PLAIN_COUNTDOWN}.
 */
public final class ProgressDisplay implements RolloutListener {

    static final Duration PLAIN_COUNTDOWN = Duration.ofSeconds(10);
    private static final Duration TTY_COUNTDOWN = Duration.ofSeconds(1);

    private final PrintWriter out;
    private final Clock clock;
    private final Optional<RolloutPlan> plan;
    private final boolean terminal;
    private String where = "";

    private Optional<RolloutStatus> last = Optional.empty();
    private final Set<String> seenMeasurements = new HashSet<>();
    private Instant lastCountdown = Instant.MIN;
    private boolean openLine;

    public ProgressDisplay(PrintWriter out, Clock clock, Optional<RolloutPlan> plan, boolean terminal) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.terminal = terminal;
    }

    /**
     * The options that name this environment in a follow-up command, e.g. {@code --config x.yaml --env demo}; by
     * default {@code --env <environment>}.
     */
    public ProgressDisplay naming(String options) {
        this.where = options;
        return this;
    }

    /** Whether stdout is an interactive terminal (then the countdown rewrites its line). */
    public static boolean interactive() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb");
    }

    @Override
    public synchronized void saved(Optional<RolloutStatus> previous, RolloutStatus s) {
        Optional<RolloutStatus> before = last;
        last = Optional.of(s);
        if (before.isEmpty()) {
            line("Rolling out " + s.canaryVersion() + " to " + s.service() + " in " + s.environment() + " ("
                    + s.strategy() + ", " + s.stepCount() + (s.stepCount() == 1 ? " step" : " steps") + "; "
                    + s.stableVersion().filter(v -> !v.equals(s.canaryVersion())).map(v -> "replacing " + v)
                            .orElse("first deployment") + ")");
            s.analysisRuns().forEach(r -> r.measurements().forEach(m -> seenMeasurements.add(key(r, m))));
        }
        RolloutStatus p = before.orElse(null);
        boolean stepChanged = p == null || p.currentStepIndex() != s.currentStepIndex();
        if (stepChanged && s.abort().isEmpty()) {
            // Steps that finish at once (a weight, the start of a background analysis) are passed in one save.
            int from = p == null || p.currentStepIndex() > s.currentStepIndex() ? s.currentStepIndex()
                    : p.currentStepIndex() + 1;
            for (int i = from; i <= s.currentStepIndex() && i < s.stepCount(); i++) {
                line("step " + (i + 1) + "/" + s.stepCount() + ": " + describeStep(i, s.stepCount()));
            }
        }
        if (p != null && p.canaryWeight() != s.canaryWeight() || p == null && s.canaryWeight() > 0) {
            line("  traffic: " + s.trafficSplit());
        }
        for (AnalysisRun run : s.analysisRuns()) {
            for (Measurement m : run.measurements()) {
                if (seenMeasurements.add(key(run, m))) {
                    line("  " + run.name() + ": " + RolloutText.measurement(m, RolloutText.specOf(run, m.metric())));
                }
            }
            boolean wasDone = p != null && p.analysisRuns().stream()
                    .anyMatch(r -> r.name().equals(run.name()) && r.phase().isCompleted());
            if (run.phase().isCompleted() && !wasDone) {
                line("  analysis " + run.name() + ": " + run.phase().wireName()
                        + run.verdict().map(v -> " — " + Escaping.singleLine(v.reason())).orElse(""));
            }
        }
        boolean aborted = s.abort().isPresent() && (p == null || p.abort().isEmpty());
        if (aborted) {
            line("  ✗ " + s.abort().get().cause().wireName() + ": " + Escaping.singleLine(s.abort().get().message())
                    + "; traffic goes back to " + s.stableVersion().orElse("nothing"));
        }
        boolean phaseChanged = p == null ? s.phase() != RolloutPhase.PROGRESSING : p.phase() != s.phase();
        // Going on with a new step, or pausing with a reason printed below, says the same as a phase line.
        boolean saidOtherwise = stepChanged && s.phase() == RolloutPhase.PROGRESSING
                || s.phase() == RolloutPhase.PAUSED && !s.pauseConditions().isEmpty()
                && (p == null || !p.pauseConditions().equals(s.pauseConditions()));
        if (phaseChanged && !saidOtherwise) {
            // The abort line above already says why.
            line("  phase: " + s.phase().wireName() + (aborted ? "" : " — " + Escaping.singleLine(s.message())));
        } else if (p != null && !p.message().equals(s.message()) && !stepChanged) {
            // A new step's message only repeats the step line above.
            line("  " + Escaping.singleLine(s.message()));
        }
        if (p == null || !p.pauseConditions().equals(s.pauseConditions())) {
            for (PauseCondition c : s.pauseConditions()) {
                line("  paused: " + Escaping.singleLine(c.message()) + c.until()
                        .map(u -> " until " + RolloutText.time(u) + " UTC")
                        .orElse(" until promoted: rollgate promote "
                                + (where.isEmpty() ? "--env " + s.environment() : where)));
            }
            lastCountdown = clock.instant();
        } else {
            countdown(s);
        }
        out.flush();
    }

    /** The time to the next step of a timed pause, at most once a second on a terminal. */
    private void countdown(RolloutStatus s) {
        Optional<Instant> until = s.pauseConditions().stream().map(PauseCondition::until).flatMap(Optional::stream)
                .min(Instant::compareTo);
        if (until.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(lastCountdown, now).compareTo(terminal ? TTY_COUNTDOWN : PLAIN_COUNTDOWN) < 0) {
            return;
        }
        lastCountdown = now;
        String text = "  next step in " + RolloutText.duration(Duration.between(now, until.get()).plusMillis(999));
        if (terminal) {
            out.print("\r" + text + "   ");
            openLine = true;
        } else {
            out.println(text);
        }
    }

    @Override
    public synchronized void acting(Action action) {
        if (action instanceof Action.Scale sc) {
            line("  " + (sc.replicas() == 0 ? "scaling " + side(sc.side()) + " " + sc.version() + " down"
                    : "starting " + sc.replicas() + " " + side(sc.side()) + " instance" + (sc.replicas() == 1 ? "" : "s")
                    + " of " + sc.version()) + regionSuffix(action));
        } else if (action instanceof Action.RunHook h) {
            line("  running hook " + h.phase().wireName() + regionSuffix(action));
        } else if (action instanceof Action.VerifyVersion v) {
            line("  verifying that " + v.version() + " answers" + regionSuffix(action));
        }
        out.flush();
    }

    @Override
    public synchronized void observed(Observation o) {
        if (o instanceof Observation.Failed f) {
            line("  ! " + Escaping.singleLine(f.reason()) + " (" + f.kind().name().toLowerCase(Locale.ROOT) + ")");
            out.flush();
        }
    }

    /** The closing summary: the steps with start, duration and result, then the final phase. */
    public synchronized void summary(RolloutStatus s) {
        line("");
        if (!s.steps().isEmpty()) {
            RolloutText.stepTable(s.steps(), clock.instant()).forEach(this::line);
            line("");
        }
        Duration took = Duration.between(s.startedAt(), s.finishedAt().orElse(clock.instant()));
        line("Result: " + s.phase().wireName() + " — " + Escaping.singleLine(s.message()) + " (" + RolloutText.duration(took)
                + ")");
        line("Traffic: " + s.trafficSplit());
        out.flush();
    }

    private String describeStep(int index, int stepCount) {
        // A plan rebuilt from a changed config may not be the one the rollout follows: then only numbers.
        if (plan.isPresent() && plan.get().steps().size() == stepCount) {
            return plan.get().steps().get(index).describe();
        }
        return "(step " + (index + 1) + ")";
    }

    private String regionSuffix(Action a) {
        return plan.isPresent() && plan.get().regions().size() > 1 ? " in " + a.region() : "";
    }

    private static String side(Side side) {
        return side.name().toLowerCase(Locale.ROOT);
    }

    private static String key(AnalysisRun run, Measurement m) {
        return run.name() + "|" + run.startedAt() + "|" + m.metric() + "|" + m.at();
    }

    private void line(String text) {
        if (openLine) {
            out.println();
            openLine = false;
        }
        out.println(text);
    }

    /** For tests and summaries: the statuses seen so far. */
    Optional<RolloutStatus> last() {
        return last;
    }
}
