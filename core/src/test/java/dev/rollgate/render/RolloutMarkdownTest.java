package dev.rollgate.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricQuery;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.ledger.StepRecord;
import dev.rollgate.rollout.Action;
import dev.rollgate.rollout.Observation;
import dev.rollgate.rollout.Rollout;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStart;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.rollout.Transition;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.Planner;
import dev.rollgate.strategy.RolloutPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rollouts run by the real engine in virtual time, with a world that answers every action (hooks with the output
 * given, measurements with a healthy canary), rendered as Markdown.
 */
class RolloutMarkdownTest {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    static final String CANARY = """
            service: payments-api
            environments:
              production:
                rollout:
                  replicas: 2
                  hooks:
                    migrate: { command: "./migrate.sh" }
                  strategy:
                    canary:
                      steps:
                        - setWeight: 20
                        - analysis: { interval: 1m, count: 2, metrics: [ { name: error_rate, max: 1 } ] }
                        - setWeight: 100
            """;

    static RolloutPlan plan(String yaml) {
        try {
            return Planner.plan(ConfigLoader.parseWithReadings(yaml, "rollgate.yaml"), "production",
                    Attendance.ATTENDED);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A world where every action succeeds, a hook prints {@code hookOutput} and the canary is healthy. */
    static Function<Action, Observation> world(String hookOutput) {
        return a -> {
            if (a instanceof Action.Measure m) {
                Map<Metric, MetricSample> samples = new LinkedHashMap<>();
                for (MetricQuery q : m.queries()) {
                    samples.put(q.metric(), MetricSample.of(0.25));
                }
                return new Observation.Measured(m, samples, m.queries().get(0).to());
            }
            return new Observation.Done(a, a instanceof Action.RunHook ? hookOutput : "");
        };
    }

    /** Drives the engine as a driver does (advance, act, wait until wakeAt) until it ends or waits for a person. */
    static RolloutStatus run(RolloutPlan plan, Optional<String> stable, Function<Action, Observation> world) {
        return run(plan, stable, world, Instant.MAX);
    }

    /** As {@link #run(RolloutPlan, Optional, Function)}, stopping once virtual time reaches {@code until}. */
    static RolloutStatus run(RolloutPlan plan, Optional<String> stable, Function<Action, Observation> world,
                             Instant until) {
        Rollout rollout = new Rollout(plan);
        RolloutStatus status = rollout.start(new RolloutStart("r1", "payments-api", "production", stable, "v2"), T0);
        Instant now = T0;
        List<Observation> observations = List.of();
        for (int i = 0; i < 10_000; i++) {
            Transition t = rollout.advance(status, now, observations);
            status = t.status();
            if (status.isFinished() || status.phase() == RolloutPhase.FAILED) {
                return status;
            }
            observations = t.actions().stream().map(world).toList();
            if (t.actions().isEmpty()) {
                if (status.wakeAt().isEmpty()) {
                    return status;
                }
                now = status.wakeAt().get().isAfter(now) ? status.wakeAt().get() : now;
                if (!now.isBefore(until)) {
                    return status;
                }
            }
        }
        throw new AssertionError("the rollout did not settle: " + status.phase() + " " + status.message());
    }

    static List<String> hostile() {
        return MarkdownTest.hostile();
    }

    static final String HOOK_OUTPUT = "Migrated <b>3</b> tables @dba\n[x](http://evil)\n::set-output name=x::y";

    @Test
    void aPromotedRolloutShowsTheOutcomeTheTimelineAndTheAnalysisWithOnlyTheHooksFirstLineEscaped() {
        RolloutPlan plan = plan(CANARY);
        RolloutStatus s = run(plan, Optional.of("v1"), world(HOOK_OUTPUT));

        String md = RolloutMarkdown.render(s, Optional.of(plan));

        assertThat(s.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(md).isEqualTo("""
                ### Rollgate rollout: payments\\-api → production

                **✅ Promoted**: promoted v2\\: 100\\% of traffic\\, v1 scaled down

                - Version: v2 (stable)
                - Strategy: canary, step 9\\/9
                - Traffic: v2 100\\%
                - Started: 2026\\-12\\-02T10\\:00\\:00Z, finished after 2m

                #### Steps

                | # | Step | Started (UTC) | Duration | Result |
                | --- | --- | --- | --- | --- |
                | 1 | hook migrate | 10\\:00\\:00 | 0s | Migrated &lt;b&gt;3&lt;\\/b&gt; tables @\u200Bdba … |
                | 2 | scale canary to 2 | 10\\:00\\:00 | 0s | ok |
                | 3 | verify version \\(instances\\) | 10\\:00\\:00 | 0s | ok |
                | 4 | setWeight 20 | 10\\:00\\:00 | 0s | ok |
                | 5 | analysis step\\-2 | 10\\:00\\:00 | 2m | analysis step\\-2 successful |
                | 6 | setWeight 100 | 10\\:02\\:00 | 0s | ok |
                | 7 | verify version \\(service\\) | 10\\:02\\:00 | 0s | ok |
                | 8 | scale stable to 0 | 10\\:02\\:00 | 0s | ok |
                | 9 | mark stable | 10\\:02\\:00 | 0s | v2 is stable in default |

                #### Analysis

                | Analysis | Phase | Verdict | Last measurements |
                | --- | --- | --- | --- |
                | step\\-2 | Successful | every metric passed\\: error\\_rate\\: 2 of 2 measurements successful \
                | error\\_rate canary 0\\.25\\% ✓ |
                """);
        assertThat(md).doesNotContain("evil", "set\\-output");
        MarkdownTest.assertSafeDocument(md, 5, 4);
    }

    @Test
    void aRolloutRolledBackByAFailingHookShowsTheCauseEscaped() {
        RolloutPlan plan = plan(CANARY);
        RolloutStatus s = run(plan, Optional.of("v1"), a -> a instanceof Action.RunHook
                ? new Observation.Failed(a, "migrate.sh: <error> | @dba-team\nline 2", Observation.FailureKind.REJECTED)
                : world("").apply(a));

        String md = RolloutMarkdown.render(s);

        assertThat(s.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(md).isEqualTo("""
                ### Rollgate rollout: payments\\-api → production

                **↩️ RolledBack**: rolled back\\: hook migrate failed\\: migrate\\.sh\\: &lt;error&gt; \\| @\u200Bdba\\-team \
                line 2\\; traffic 100\\% on v1

                - Version: v1 → v2
                - Strategy: canary, step 1\\/9
                - Traffic: v1 100\\% \\| v2 0\\%
                - Started: 2026\\-12\\-02T10\\:00\\:00Z, finished after 0s

                **Abort:** hook\\_failed: hook migrate failed\\: migrate\\.sh\\: &lt;error&gt; \\| @\u200Bdba\\-team line 2 \
                (at 2026\\-12\\-02T10\\:00\\:00Z); traffic goes back to v1
                """);
        MarkdownTest.assertSafeDocument(md);
    }

    @Test
    void aRolloutWaitingForAPersonNamesTheStepFromItsPlan() {
        RolloutPlan plan = plan(CANARY.replace("- setWeight: 100", "- pause: {}\n            - setWeight: 100"));
        RolloutStatus s = run(plan, Optional.of("v1"), world("ok"));

        assertThat(s.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(RolloutMarkdown.render(s, Optional.of(plan))).contains(
                "\n- Strategy: canary, step 6\\/10 \\(pause until promoted \\(CanaryPauseStep\\)\\)\n",
                "\n- Traffic: v1 80\\% \\| v2 20\\%\n",
                "\n- Paused: paused until promoted at 20\\% \\(CanaryPauseStep\\) (waits for a person to promote)\n");
        // Without the plan, or with one that is not the plan the rollout follows, only numbers.
        assertThat(RolloutMarkdown.render(s)).contains("\n- Strategy: canary, step 6\\/10\n");
        assertThat(RolloutMarkdown.render(s, Optional.of(plan(CANARY)))).contains("\n- Strategy: canary, step 6\\/10\n");
    }

    @Test
    void aTimedPauseSaysUntilWhen() {
        RolloutPlan plan = plan(CANARY.replace("- setWeight: 100", "- pause: { duration: 10m }\n            - setWeight: 100"));
        RolloutStatus s = run(plan, Optional.of("v1"), world("ok"), T0.plus(Duration.ofMinutes(3)));

        assertThat(s.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(RolloutMarkdown.render(s)).containsPattern("\n- Paused: .* \\(until 10\\\\:12\\\\:00 UTC\\)\n");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void everyHostileHookOutputShowsOnlyItsFirstLineInert(String untrusted) {
        RolloutStatus s = run(plan(CANARY), Optional.of("v1"), world(untrusted));

        String md = RolloutMarkdown.render(s);

        MarkdownTest.assertSafeDocument(md, 5, 4);
        String row = md.lines().filter(l -> l.startsWith("| 1 | hook migrate |")).findFirst().orElseThrow();
        String cell = row.substring(row.lastIndexOf(" | ") + 3, row.length() - 2);
        assertThat(cell).isEqualTo(untrusted.isEmpty() ? "ok" : Markdown.firstLine(untrusted));
        MarkdownTest.assertInert(cell.replace(" …", ""));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void everyHostileFailureReasonComesOutInert(String untrusted) {
        RolloutStatus s = run(plan(CANARY), Optional.of("v1"), a -> a instanceof Action.RunHook
                ? new Observation.Failed(a, "hook said: " + untrusted, Observation.FailureKind.REJECTED)
                : world("").apply(a));

        String md = RolloutMarkdown.render(s);

        assertThat(s.abort()).isPresent();
        MarkdownTest.assertSafeDocument(md);
        assertThat(md).contains("**Abort:** hook\\_failed: ");
    }

    @Test
    void aHugeTimelineIsCutToTheLimitWithANoteAndLeavesRoomForTheAnalysis() {
        RolloutStatus real = run(plan(CANARY), Optional.of("v1"), world("ok"));
        List<StepRecord> steps = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            steps.add(new StepRecord("hook smoke " + i, T0, Optional.of(T0.plusSeconds(i)), "<|>".repeat(700)));
        }
        RolloutStatus huge = withSteps(real, steps);

        String md = RolloutMarkdown.render(huge);

        assertThat(Markdown.utf8Length(md)).isLessThanOrEqualTo(Markdown.MAX_BYTES);
        long rows = md.lines().filter(l -> l.startsWith("| ") && l.contains(" | hook smoke ")).count();
        assertThat(rows).isBetween(10L, 4_999L);
        assertThat(md).startsWith("### Rollgate rollout: payments\\-api → production\n\n**✅ Promoted**")
                .contains("\n\n_" + (5_000 - rows) + " more steps not shown: this summary is kept under 900 KiB._\n\n"
                        + "#### Analysis\n")
                .contains("| step\\-2 | Successful |");
        MarkdownTest.assertSafeDocument(md, 5, 4);
    }

    private static RolloutStatus withSteps(RolloutStatus s, List<StepRecord> steps) {
        return new RolloutStatus(s.rolloutId(), s.service(), s.environment(), s.strategy(), s.phase(), s.message(),
                s.stableVersion(), s.canaryVersion(), s.currentStepIndex(), s.stepCount(), s.canaryWeight(), s.regions(),
                s.pauseConditions(), s.analysisRuns(), s.abort(), s.command(), s.fullPromotion(), s.retry(),
                s.rollback(), s.startedAt(), s.stepStartedAt(), s.waitedForPeople(), s.wakeAt(), s.finishedAt(), steps);
    }
}
