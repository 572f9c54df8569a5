package dev.rollgate.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.gate.DeploymentGate;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.GateOutcome;
import dev.rollgate.gate.GateResult;
import dev.rollgate.model.CiStatus;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.model.Trigger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decisions of the shipped example policy ({@code examples/rollgate.yaml}, with its quality reports) as Markdown.
 * 2026-11-25 is a Wednesday, 2026-11-28 a Saturday.
 */
class DecisionMarkdownTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    static GateDecision decide(String at, String env, Trigger trigger, UnaryOperator<DeploymentRequest.Builder> request) {
        try {
            RollgateConfig config = ConfigLoader.load(EXAMPLES.resolve("rollgate.yaml"));
            DeploymentGate gate = new DeploymentGate(Clock.fixed(Instant.parse(at), ZoneOffset.UTC), EXAMPLES);
            var environment = config.environment(env).orElseThrow();
            return gate.decide(config.service(), environment,
                    request.apply(DeploymentRequest.builder(environment.name(), trigger)).build());
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static List<String> hostile() {
        return MarkdownTest.hostile();
    }

    static final String EMERGENCY = "Emergency hotfix for the outage: ";

    @Test
    void aBlockedPushOnSaturdayShowsTheVerdictTheNextWindowAndEveryGate() {
        GateDecision d = decide("2026-11-28T14:30:00Z", "production", Trigger.CI_SUCCESS,
                r -> r.ref("refs/heads/main").ciStatus(CiStatus.SUCCESS));

        String md = DecisionMarkdown.render(d);

        assertThat(md).isEqualTo("""
                ### Rollgate gate: payments\\-api → production

                Trigger: ci\\_success · evaluated at 2026\\-11\\-28T14\\:30\\:00Z

                **⛔ BLOCKED**

                Next deployment window\\: Monday 09\\:00 UTC \\(2026\\-11\\-30T09\\:00\\:00Z\\, in 1d 18h 30m\\)

                | Gate | Result | Reason |
                | --- | --- | --- |
                | trigger | ✅ pass | ci\\_success may deploy to production |
                | ref | ✅ pass | branch main may deploy to production |
                | window | ⛔ block | outside the deployment window MON\\-FRI 09\\:00\\-18\\:00 UTC \\(now Saturday 14\\:30 UTC\\) |
                | freeze | ✅ pass | no freeze in effect |
                | ci | ✅ pass | CI succeeded |
                | quality\\: Unit test coverage | ✅ pass | line coverage 88\\.64\\% ≥ 80\\% |
                | quality\\: Tests | ✅ pass | pass rate 100\\% ≥ 100\\% |
                """);
        MarkdownTest.assertSafeDocument(md, 3);
    }

    @Test
    void aDeploymentShowsItsTypeAndNoWindow() {
        GateDecision d = decide("2026-11-25T10:00:00Z", "production", Trigger.CI_SUCCESS,
                r -> r.ref("refs/heads/main").ciStatus(CiStatus.SUCCESS));

        String md = DecisionMarkdown.render(d);

        assertThat(md).contains("\n**✅ DEPLOY (automated\\_ci)**\n")
                .contains("| window | ✅ pass | inside the deployment window MON\\-FRI 09\\:00\\-18\\:00 UTC |")
                .doesNotContain("BLOCKED", "Next deployment window");
    }

    @Test
    void whenOtherGatesWouldStillBlockAtTheNextWindowItSaysSo() {
        GateDecision d = decide("2026-11-28T14:30:00Z", "production", Trigger.CI_SUCCESS,
                r -> r.ref("refs/heads/main").ciStatus(CiStatus.FAILURE));

        String md = DecisionMarkdown.render(d);

        assertThat(d.passesAtNextWindow()).isFalse();
        assertThat(md).contains("Next deployment window\\: Monday 09\\:00 UTC",
                "\n\nOther gates would still block then: fix them before waiting for the window.\n\n",
                "| ci | ⛔ block |");
    }

    @Test
    void anEmergencyReasonWithHtmlAMentionAndATablePipeIsShownInert() {
        GateDecision d = decide("2026-11-28T23:45:00Z", "production", Trigger.MANUAL,
                r -> r.ref("refs/heads/main").skipTests()
                        .reason(EMERGENCY + "<script>x</script> @org/team | [y](javascript:z)\n# h"));

        String md = DecisionMarkdown.render(d);

        assertThat(md).contains("\n**✅ DEPLOY (emergency\\_manual)**\n",
                "| emergency | ✅ pass | emergency override \\(outside the deployment window\\, skipping tests\\)\\;"
                        + " reason accepted\\: Emergency hotfix for the outage\\: &lt;script&gt;x&lt;\\/script&gt;"
                        + " @\u200Borg\\/team \\| \\[y\\]\\(javascript\\:z\\) \\# h |",
                "| window | 🔓 overridden |", "| ci | ⏭️ skipped |");
        MarkdownTest.assertSafeDocument(md, 3);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void everyHostileReasonComesOutInertInItsCell(String untrusted) {
        GateDecision d = decide("2026-11-28T23:45:00Z", "production", Trigger.MANUAL,
                r -> r.ref("refs/heads/main").skipTests().reason(EMERGENCY + untrusted));

        String md = DecisionMarkdown.render(d);

        MarkdownTest.assertSafeDocument(md, 3);
        String cell = emergencyCell(md);
        MarkdownTest.assertInert(cell);
        String shown = Escaping.singleLine((EMERGENCY + untrusted).strip());
        if (shown.length() < 1_000) {
            assertThat(MarkdownTest.unescape(cell)).endsWith(shown.replace('\u202E', '\uFFFD'));
        }
    }

    @Test
    void aDecisionWithoutGatesSaysSo() {
        GateDecision d = new GateDecision("svc", "dev", Trigger.MANUAL, Instant.parse("2026-11-25T10:00:00Z"), true,
                DeploymentType.MANUAL, List.of(), Optional.empty(), false);

        assertThat(DecisionMarkdown.render(d)).endsWith("**✅ DEPLOY (manual)**\n\n_No gates configured._\n");
    }

    @Test
    void aHugeDecisionIsCutToTheLimitWithANoteAndKeepsItsVerdict() {
        GateDecision real = decide("2026-11-28T14:30:00Z", "production", Trigger.CI_SUCCESS,
                r -> r.ref("refs/heads/main").ciStatus(CiStatus.SUCCESS));
        List<GateResult> gates = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            gates.add(new GateResult("quality: report " + i, GateOutcome.BLOCK, "<&>".repeat(1_000)));
        }
        GateDecision huge = new GateDecision(real.service(), real.environment(), real.trigger(), real.evaluatedAt(),
                false, DeploymentType.NONE, gates, real.nextWindow(), real.passesAtNextWindow());

        String md = DecisionMarkdown.render(huge);

        assertThat(Markdown.utf8Length(md)).isLessThanOrEqualTo(Markdown.MAX_BYTES)
                .isGreaterThan(Markdown.MAX_BYTES - 20_000);
        long rows = md.lines().filter(l -> l.startsWith("| quality")).count();
        assertThat(md).startsWith("### Rollgate gate: payments\\-api → production\n")
                .contains("**⛔ BLOCKED**", "Next deployment window")
                .endsWith("\n\n_" + (1_000 - rows) + " more gates not shown: this summary is kept under 900 KiB._\n");
        assertThat(rows).isBetween(10L, 999L);
        MarkdownTest.assertSafeDocument(md, 3);
    }

    /** The reason cell of the emergency gate's row. */
    private static String emergencyCell(String md) {
        String row = md.lines().filter(l -> l.startsWith("| emergency |")).findFirst().orElseThrow();
        String prefix = "| emergency | ✅ pass | ";
        assertThat(row).startsWith(prefix).endsWith(" |");
        return row.substring(prefix.length(), row.length() - 2);
    }
}
