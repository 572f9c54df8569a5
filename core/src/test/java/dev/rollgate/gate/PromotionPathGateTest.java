package dev.rollgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.PromotionRequirement;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.ledger.FileDeploymentLedger;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import dev.rollgate.model.CiStatus;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.model.Trigger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gates.requires}: production takes only versions that succeeded in staging at least a soak ago. The history
 * comes from a real file ledger; the clock is fixed. 2026-11-25 is a Wednesday, 2026-11-28 a Saturday.
 */
class PromotionPathGateTest {

    static final String POLICY = """
            service: payments-api
            environments:
              staging:
                gates: {}
              production:
                gates:
                  window: { timezone: UTC, days: [MON, TUE, WED, THU, FRI], hours: "09:00-18:00" }
                  emergency: { allowed: true, minReasonLength: 20 }
                  requires: { environment: staging, soak: %s }
            """;

    static final String OUTAGE = "Payments failing for all EU customers since 12:40, fix in v2";

    @TempDir
    Path dir;

    FileDeploymentLedger ledger;

    @BeforeEach
    void openLedger() {
        ledger = new FileDeploymentLedger(dir);
    }

    /** Records a finished attempt, as the rollout driver does: once when it starts, once when it ends. */
    void record(String service, String environment, String version, String started, String finished, Outcome outcome)
            throws IOException {
        LedgerEntry start = new LedgerEntry(UUID.randomUUID().toString(), service, environment, version,
                Optional.empty(), Optional.of("ci"), Trigger.CI_SUCCESS, Optional.empty(), DeploymentType.AUTOMATED_CI,
                "canary", Instant.parse(started), Optional.empty(), Outcome.IN_PROGRESS, Optional.empty(), List.of());
        ledger.append(start);
        if (outcome != Outcome.IN_PROGRESS) {
            ledger.append(start.finished(Instant.parse(finished), outcome, Optional.empty(), List.of()));
        }
    }

    void stagingSuccess(String version, String finished) throws IOException {
        Instant end = Instant.parse(finished);
        record("payments-api", "staging", version, end.minus(Duration.ofMinutes(12)).toString(), finished, Outcome.SUCCEEDED);
    }

    GateDecision decide(String soak, String at, Trigger trigger, UnaryOperator<DeploymentRequest.Builder> request)
            throws Exception {
        return decide(soak, at, trigger, request, PromotionHistory.from(ledger.read()));
    }

    GateDecision decide(String soak, String at, Trigger trigger, UnaryOperator<DeploymentRequest.Builder> request,
                        PromotionHistory history) throws ConfigException {
        RollgateConfig config = ConfigLoader.parse(POLICY.formatted(soak), "rollgate.yaml");
        var production = config.environment("production").orElseThrow();
        DeploymentGate gate = new DeploymentGate(Clock.fixed(Instant.parse(at), ZoneOffset.UTC), dir, history);
        return gate.decide(config.service(), production,
                request.apply(DeploymentRequest.builder("production", trigger)).build());
    }

    static GateResult promotion(GateDecision d) {
        return d.gate("promotion").orElseThrow(() -> new AssertionError("no promotion gate in " + d.gates()));
    }

    @Test
    void theHistoryForAnEnvironmentReadsTheLedgerOnlyWhereAPromotionPathNeedsIt() throws Exception {
        stagingSuccess("v2", "2026-11-24T09:00:00Z");
        RollgateConfig config = ConfigLoader.parse(POLICY.formatted("24h"), "rollgate.yaml");

        PromotionHistory production = PromotionHistory.forEnvironment(config.environment("production").orElseThrow(), dir);
        assertThat(production.succeededAt("payments-api", "staging", "v2"))
                .contains(Instant.parse("2026-11-24T09:00:00Z"));
        // Staging has no promotion path: nothing is read, not even a state directory that does not exist.
        PromotionHistory staging = PromotionHistory.forEnvironment(config.environment("staging").orElseThrow(),
                dir.resolve("no-such-dir"));
        assertThat(staging).isSameAs(PromotionHistory.NONE);
    }

    @Test
    void aVersionThatNeverSucceededInStagingIsBlocked() throws Exception {
        stagingSuccess("v1", "2026-11-20T10:00:00Z");

        GateDecision d = decide("24h", "2026-11-25T10:00:00Z", Trigger.CI_SUCCESS,
                r -> r.version("v2").ciStatus(CiStatus.SUCCESS));

        assertThat(d.shouldDeploy()).isFalse();
        assertThat(promotion(d)).isEqualTo(new GateResult("promotion", GateOutcome.BLOCK,
                "no record that v2 succeeded in staging"));
    }

    @Test
    void aVersionStillSoakingIsBlockedWithTheTimeItStillNeeds() throws Exception {
        stagingSuccess("v2", "2026-11-25T10:00:00Z");

        GateDecision d = decide("24h", "2026-11-25T13:00:00Z", Trigger.CI_SUCCESS, r -> r.version("v2"));

        assertThat(d.shouldDeploy()).isFalse();
        assertThat(d.deploymentType()).isEqualTo(DeploymentType.NONE);
        assertThat(promotion(d).result()).isEqualTo(GateOutcome.BLOCK);
        assertThat(promotion(d).reason())
                .isEqualTo("v2 succeeded in staging 3h ago; soak 24h needs 21h more, until 2026-11-26T10:00Z");
    }

    @Test
    void aVersionThatSoakedLongEnoughPasses() throws Exception {
        stagingSuccess("v2", "2026-11-24T09:30:00Z");

        GateDecision d = decide("24h", "2026-11-25T10:00:00Z", Trigger.CI_SUCCESS, r -> r.version("v2"));

        assertThat(d.shouldDeploy()).isTrue();
        assertThat(d.deploymentType()).isEqualTo(DeploymentType.AUTOMATED_CI);
        assertThat(promotion(d)).isEqualTo(new GateResult("promotion", GateOutcome.PASS,
                "v2 succeeded in staging 1d 30m ago; soak 24h done"));
    }

    @Test
    void onlyASucceededAttemptOfThisServiceInThatEnvironmentCounts() throws Exception {
        record("payments-api", "staging", "v2", "2026-11-20T10:00:00Z", "2026-11-20T10:20:00Z", Outcome.ROLLED_BACK);
        record("payments-api", "staging", "v2", "2026-11-21T10:00:00Z", "2026-11-21T10:20:00Z", Outcome.FAILED);
        record("payments-api", "staging", "v2", "2026-11-22T10:00:00Z", null, Outcome.IN_PROGRESS);
        record("payments-api", "qa", "v2", "2026-11-20T10:00:00Z", "2026-11-20T10:20:00Z", Outcome.SUCCEEDED);
        record("invoices-api", "staging", "v2", "2026-11-20T10:00:00Z", "2026-11-20T10:20:00Z", Outcome.SUCCEEDED);

        GateDecision d = decide("24h", "2026-11-25T10:00:00Z", Trigger.CI_SUCCESS, r -> r.version("v2"));

        assertThat(d.shouldDeploy()).isFalse();
        assertThat(promotion(d).reason()).isEqualTo("no record that v2 succeeded in staging");
    }

    @Test
    void theSoakCountsFromTheLatestSuccess() throws Exception {
        stagingSuccess("v2", "2026-11-20T10:00:00Z");
        stagingSuccess("v2", "2026-11-25T08:00:00Z");

        GateDecision d = decide("24h", "2026-11-25T10:00:00Z", Trigger.CI_SUCCESS, r -> r.version("v2"));

        assertThat(promotion(d).reason()).startsWith("v2 succeeded in staging 2h ago; soak 24h needs 22h more");
    }

    @Test
    void withoutASoakAnyEarlierSuccessIsEnough() throws Exception {
        stagingSuccess("v2", "2026-11-25T09:59:30Z");

        GateDecision d = decide("0s", "2026-11-25T10:00:00Z", Trigger.CI_SUCCESS, r -> r.version("v2"));

        assertThat(promotion(d)).isEqualTo(new GateResult("promotion", GateOutcome.PASS,
                "v2 succeeded in staging just now"));
    }

    @Test
    void aRollbackIsExempt() throws Exception {
        GateDecision d = decide("24h", "2026-11-25T10:00:00Z", Trigger.ROLLBACK,
                r -> r.version("v1").reason("v2 breaks invoice export"));

        assertThat(d.shouldDeploy()).isTrue();
        assertThat(d.deploymentType()).isEqualTo(DeploymentType.ROLLBACK);
        assertThat(promotion(d).result()).isEqualTo(GateOutcome.SKIPPED);
    }

    @Test
    void anAcceptedEmergencyMayCutTheSoakShort() throws Exception {
        stagingSuccess("v2", "2026-11-25T10:00:00Z");

        GateDecision d = decide("24h", "2026-11-25T13:00:00Z", Trigger.MANUAL,
                r -> r.version("v2").actor("alice").emergency().reason(OUTAGE));

        assertThat(d.shouldDeploy()).isTrue();
        assertThat(d.deploymentType()).isEqualTo(DeploymentType.EMERGENCY_MANUAL);
        assertThat(promotion(d).result()).isEqualTo(GateOutcome.OVERRIDDEN);
        assertThat(promotion(d).reason()).endsWith("needs 21h more, until 2026-11-26T10:00Z; overridden by emergency");
    }

    @Test
    void anEmergencyCannotSkipStagingAltogether() throws Exception {
        GateDecision d = decide("24h", "2026-11-25T13:00:00Z", Trigger.MANUAL,
                r -> r.version("v2").actor("alice").emergency().reason(OUTAGE));

        assertThat(d.shouldDeploy()).isFalse();
        assertThat(result(d, "emergency")).isEqualTo(GateOutcome.PASS);
        assertThat(promotion(d).reason()).isEqualTo("no record that v2 succeeded in staging");
    }

    @Test
    void aRejectedEmergencyDoesNotOverrideTheSoak() throws Exception {
        stagingSuccess("v2", "2026-11-25T10:00:00Z");

        GateDecision d = decide("24h", "2026-11-25T13:00:00Z", Trigger.MANUAL,
                r -> r.version("v2").actor("alice").emergency().reason("urgent"));

        assertThat(d.shouldDeploy()).isFalse();
        assertThat(promotion(d).result()).isEqualTo(GateOutcome.BLOCK);
    }

    @Test
    void aRequestWithoutAVersionIsBlocked() throws Exception {
        GateDecision d = decide("24h", "2026-11-25T10:00:00Z", Trigger.CI_SUCCESS, r -> r);

        assertThat(promotion(d)).isEqualTo(new GateResult("promotion", GateOutcome.BLOCK,
                "no version given; production deploys only versions that succeeded in staging first"));
    }

    @Test
    void theOldConstructorKnowsNoHistoryAndBlocks() throws Exception {
        stagingSuccess("v2", "2026-11-20T10:00:00Z");
        RollgateConfig config = ConfigLoader.parse(POLICY.formatted("24h"), "rollgate.yaml");
        DeploymentGate gate = new DeploymentGate(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC), dir);

        GateDecision d = gate.decide("payments-api", config.environment("production").orElseThrow(),
                DeploymentRequest.builder("production", Trigger.CI_SUCCESS).version("v2").build());

        assertThat(promotion(d).reason()).isEqualTo("no record that v2 succeeded in staging");
    }

    @Test
    void whetherTheNextWindowHelpsAccountsForTheSoak() throws Exception {
        // Saturday noon, outside the window; v2 left staging on Friday evening.
        stagingSuccess("v2", "2026-11-27T20:00:00Z");

        GateDecision soakEndsFirst = decide("24h", "2026-11-28T12:00:00Z", Trigger.CI_SUCCESS, r -> r.version("v2"));
        GateDecision soakEndsLater = decide("4d", "2026-11-28T12:00:00Z", Trigger.CI_SUCCESS, r -> r.version("v2"));

        assertThat(soakEndsFirst.nextWindow()).hasValueSatisfying(t ->
                assertThat(t.toInstant()).isEqualTo(Instant.parse("2026-11-30T09:00:00Z")));
        assertThat(soakEndsFirst.passesAtNextWindow()).isTrue();
        assertThat(soakEndsLater.passesAtNextWindow()).isFalse();
        assertThat(promotion(soakEndsLater).reason()).contains("soak 4d needs 3d 8h more, until 2026-12-01T20:00Z");
    }

    @Test
    void theRequirementIsReadFromTheFileAndBadValuesNameTheirField() throws Exception {
        RollgateConfig config = ConfigLoader.parse(POLICY.formatted("24h"), "rollgate.yaml");

        assertThat(config.environment("production").orElseThrow().spec().gatesOrNone().requires())
                .contains(PromotionRequirement.of("staging", Duration.ofHours(24)));
        assertThatThrownBy(() -> ConfigLoader.parse(POLICY.formatted("1 day"), "rollgate.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("requires.soak")
                .hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> ConfigLoader.parse(POLICY.formatted("24h").replace("environment: staging, ", ""),
                "rollgate.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing required field 'environment'");
    }

    static GateOutcome result(GateDecision d, String gate) {
        return d.gate(gate).orElseThrow(() -> new AssertionError("no gate " + gate + " in " + d.gates())).result();
    }
}
