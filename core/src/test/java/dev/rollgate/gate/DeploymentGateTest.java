package dev.rollgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.model.Approval;
import dev.rollgate.model.CiStatus;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.model.Trigger;
import dev.rollgate.render.DecisionText;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The team's runbook rules, each with the clock fixed. 2026-11-25 is a Wednesday, 2026-11-28 a Saturday. */
class DeploymentGateTest {

    static final String RUNBOOK = """
            service: payments-api
            defaults:
              gates:
                ci: { required: true }
            environments:
              staging:
                gates: {}
              production:
                aliases: [prod]
                gates:
                  window: { timezone: UTC, days: [MON, TUE, WED, THU, FRI], hours: "09:00-18:00", holidays: [2026-12-25] }
                  maintenance: { timezone: UTC, days: [SUN], hours: "02:00-03:00" }
                  freezes:
                    - { from: "2026-12-21T00:00:00Z", until: "2027-01-02T00:00:00Z", reason: "Holiday freeze" }
                  emergency: { allowed: true, minReasonLength: 20 }
            """;

    static final String SECURITY_PATCH = "Critical security patch - authentication bypass vulnerability CVE-2024-XXXX";
    static final String PAYMENT_BUG = "Customer-impacting bug fix - payment processing failure affecting 15% of users";

    static GateDecision decide(String yaml, String at, String env, Trigger trigger,
                               UnaryOperator<DeploymentRequest.Builder> request) {
        try {
            RollgateConfig config = ConfigLoader.parse(yaml, "rollgate.yaml");
            DeploymentGate gate = new DeploymentGate(Clock.fixed(Instant.parse(at), ZoneOffset.UTC), Path.of("."));
            var environment = config.environment(env).orElseThrow();
            return gate.decide(config.service(), environment,
                    request.apply(DeploymentRequest.builder(environment.name(), trigger)).build());
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static GateDecision runbook(String at, String env, Trigger trigger, UnaryOperator<DeploymentRequest.Builder> r) {
        return decide(RUNBOOK, at, env, trigger, r);
    }

    static GateOutcome result(GateDecision d, String gate) {
        return d.gate(gate).orElseThrow(() -> new AssertionError("no gate " + gate + " in " + d.gates())).result();
    }

    @Nested
    class AcceptanceScenarios {

        @Test
        void scenario1_ciSuccessOnWednesdayMorningDeploysAutomatically() {
            GateDecision d = runbook("2026-11-25T10:00:00Z", "production", Trigger.CI_SUCCESS,
                    r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.AUTOMATED_CI);
            assertThat(result(d, "window")).isEqualTo(GateOutcome.PASS);
            assertThat(d.nextWindow()).isEmpty();
        }

        @Test
        void scenario2_saturdayNightSecurityPatchSkippingTestsIsAnEmergency() {
            GateDecision d = runbook("2026-11-28T23:45:00Z", "production", Trigger.MANUAL,
                    r -> r.skipTests().reason(SECURITY_PATCH));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.EMERGENCY_MANUAL);
            assertThat(result(d, "window")).isEqualTo(GateOutcome.OVERRIDDEN);
            assertThat(result(d, "ci")).isEqualTo(GateOutcome.SKIPPED);
            assertThat(d.gate("ci").orElseThrow().reason()).contains("tests skipped");
            assertThat(DecisionText.render(d)).contains("⚠ window: outside the deployment window", "overridden by emergency",
                    "– ci: tests skipped by emergency bypass", "Decision: DEPLOY (emergency_manual)");
        }

        @Test
        void scenario3_pushOnSaturdayAfternoonWaitsForMonday() {
            GateDecision d = runbook("2026-11-28T14:30:00Z", "production", Trigger.PUSH,
                    r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.NONE);
            assertThat(d.nextWindow()).contains(ZonedDateTime.parse("2026-11-30T09:00:00Z[UTC]"));
            assertThat(DecisionText.render(d)).contains("Next deployment window: Monday 09:00 UTC");
        }

        @Test
        void scenario4_manualToStagingOnSaturdayIsPlainManual() {
            GateDecision d = runbook("2026-11-28T14:30:00Z", "staging", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).reason("Weekend testing of new payment integration"));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.MANUAL);
            assertThat(d.gate("window")).isEmpty();
        }

        @Test
        void scenario5_scheduledRunInsideTheMaintenanceWindow() {
            GateDecision d = runbook("2026-11-29T02:00:00Z", "production", Trigger.SCHEDULE,
                    r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.SCHEDULED);
            assertThat(result(d, "maintenance")).isEqualTo(GateOutcome.PASS);
        }

        @Test
        void scenario6_weekendBugFixWithTestsKeptIsAnEmergencyThatStillNeedsGreenCi() {
            GateDecision green = runbook("2026-11-28T14:30:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).reason(PAYMENT_BUG));
            GateDecision red = runbook("2026-11-28T14:30:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.FAILURE).reason(PAYMENT_BUG));

            assertThat(green.shouldDeploy()).isTrue();
            assertThat(green.deploymentType()).isEqualTo(DeploymentType.EMERGENCY_MANUAL);
            assertThat(result(green, "window")).isEqualTo(GateOutcome.OVERRIDDEN);
            assertThat(result(green, "ci")).isEqualTo(GateOutcome.PASS);
            assertThat(red.shouldDeploy()).isFalse();
            assertThat(red.deploymentType()).isEqualTo(DeploymentType.NONE);
            assertThat(result(red, "ci")).isEqualTo(GateOutcome.BLOCK);
        }
    }

    @Nested
    class Windows {

        @Test
        void manualInsideTheWindowNeedsCiSuccess() {
            GateDecision d = runbook("2026-11-25T10:00:00Z", "production", Trigger.MANUAL, r -> r.ciStatus(CiStatus.PENDING));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("ci").orElseThrow().reason()).isEqualTo("CI is still running");
            assertThat(d.gate("emergency")).isEmpty();
        }

        @Test
        void manualInsideTheWindowIsManualWithoutAReason() {
            GateDecision d = runbook("2026-11-25T10:00:00Z", "production", Trigger.MANUAL, r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.MANUAL);
        }

        @Test
        void automatedTriggersAtTheWindowsEndAreBlocked() {
            GateDecision d = runbook("2026-11-25T18:00:00Z", "production", Trigger.TAG, r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("window").orElseThrow().reason())
                    .isEqualTo("outside the deployment window MON-FRI 09:00-18:00 UTC (now Wednesday 18:00 UTC)");
            assertThat(d.nextWindow()).contains(ZonedDateTime.parse("2026-11-26T09:00:00Z[UTC]"));
        }

        @Test
        void aHolidayIsOutsideTheWindowAndSaysSo() {
            // 2027-12-24 is a Friday.
            String yaml = """
                    service: web
                    environments:
                      production:
                        gates:
                          window: { timezone: UTC, days: [MON, TUE, WED, THU, FRI], hours: "09:00-18:00", holidays: [2027-12-24] }
                    """;
            GateDecision d = decide(yaml, "2027-12-24T10:00:00Z", "production", Trigger.CI_SUCCESS, r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("window").orElseThrow().reason()).contains("2027-12-24 is a holiday");
            assertThat(d.nextWindow()).contains(ZonedDateTime.parse("2027-12-27T09:00:00Z[UTC]"));
        }

        @Test
        void nextWindowIsGivenInTheWindowsOwnZoneAcrossDst() {
            String yaml = """
                    service: web
                    environments:
                      prod:
                        gates:
                          window: { timezone: Europe/Berlin, days: [MON, TUE, WED, THU, FRI], hours: "09:00-18:00" }
                    """;
            // Friday 2026-10-23 18:30 CEST; Berlin falls back on Sunday; Monday 09:00 CET is 08:00Z.
            GateDecision d = decide(yaml, "2026-10-23T16:30:00Z", "prod", Trigger.PUSH, r -> r);

            assertThat(d.nextWindow()).contains(ZonedDateTime.parse("2026-10-26T09:00:00+01:00[Europe/Berlin]"));
            assertThat(d.nextWindow().orElseThrow().toInstant()).isEqualTo(Instant.parse("2026-10-26T08:00:00Z"));
            assertThat(DecisionText.render(d)).contains("Next deployment window: Monday 09:00 Europe/Berlin (2026-10-26T08:00:00Z");
        }

        @Test
        void anEnvironmentWithoutAWindowAcceptsManualRunsAtAnyTime() {
            GateDecision d = runbook("2026-11-29T03:33:00Z", "staging", Trigger.MANUAL, r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.MANUAL);
        }

        @Test
        void scheduledRunsOutsideTheMaintenanceWindowAreBlocked() {
            GateDecision d = runbook("2026-11-29T03:00:00Z", "production", Trigger.SCHEDULE, r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(result(d, "maintenance")).isEqualTo(GateOutcome.BLOCK);
            // The deployment window on Monday comes before next Sunday's maintenance window.
            assertThat(d.nextWindow()).contains(ZonedDateTime.parse("2026-11-30T09:00:00Z[UTC]"));
        }
    }

    @Nested
    class Freezes {

        @Test
        void aFreezeAcrossTheYearBoundaryBlocksAutomatedRunsUntilItEnds() {
            GateDecision d = runbook("2026-12-31T10:00:00Z", "production", Trigger.CI_SUCCESS, r -> r.ciStatus(CiStatus.SUCCESS));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("freeze").orElseThrow().reason()).isEqualTo("in the freeze \"Holiday freeze\" until 2027-01-02T00:00:00Z");
            // The freeze ends on Saturday 2027-01-02; the window opens again on Monday 2027-01-04.
            assertThat(d.nextWindow()).contains(ZonedDateTime.parse("2027-01-04T09:00:00Z[UTC]"));
        }

        @Test
        void theFreezeIsHalfOpen() {
            assertThat(runbook("2026-12-20T23:59:59Z", "production", Trigger.MANUAL, r -> r.ciStatus(CiStatus.SUCCESS))
                    .gate("freeze").orElseThrow().result()).isEqualTo(GateOutcome.PASS);
            assertThat(runbook("2026-12-21T00:00:00Z", "production", Trigger.SCHEDULE, r -> r.ciStatus(CiStatus.SUCCESS))
                    .gate("freeze").orElseThrow().result()).isEqualTo(GateOutcome.BLOCK);
        }

        @Test
        void anEmergencyOverridesAFreezeThatAllowsIt() {
            GateDecision d = runbook("2026-12-22T10:00:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).reason(PAYMENT_BUG));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.EMERGENCY_MANUAL);
            assertThat(result(d, "freeze")).isEqualTo(GateOutcome.OVERRIDDEN);
            assertThat(result(d, "window")).isEqualTo(GateOutcome.PASS);
        }

        @Test
        void aFreezeCanRefuseEmergencies() {
            String yaml = RUNBOOK.replace("reason: \"Holiday freeze\" }", "reason: \"Holiday freeze\", allowEmergency: false }");
            GateDecision d = decide(yaml, "2026-12-22T10:00:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).reason(PAYMENT_BUG));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("emergency").orElseThrow().reason())
                    .isEqualTo("the freeze \"Holiday freeze\" does not allow emergency overrides");
            assertThat(result(d, "freeze")).isEqualTo(GateOutcome.BLOCK);
            assertThat(d.nextWindow()).contains(ZonedDateTime.parse("2027-01-04T09:00:00Z[UTC]"));
        }
    }

    @Nested
    class Emergencies {

        @Test
        void aShortReasonIsRejectedWithTheReason() {
            GateDecision d = runbook("2026-11-28T14:30:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).reason("hotfix"));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("emergency").orElseThrow().reason())
                    .endsWith("the reason is 6 characters; an emergency needs at least 20");
            assertThat(result(d, "window")).isEqualTo(GateOutcome.BLOCK);
        }

        @Test
        void aBlankReasonIsRejected() {
            GateDecision d = runbook("2026-11-28T14:30:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).reason("   \n "));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("emergency").orElseThrow().reason()).endsWith("an emergency needs a reason (at least 20 characters)");
        }

        @Test
        void aPolicyWithoutEmergenciesRefusesOverrides() {
            String yaml = RUNBOOK.replace("emergency: { allowed: true, minReasonLength: 20 }", "emergency: { allowed: false }");
            GateDecision d = decide(yaml, "2026-11-28T14:30:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).reason(PAYMENT_BUG));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("emergency").orElseThrow().reason()).endsWith("emergency overrides are not allowed for production");
            assertThat(d.nextWindow()).contains(ZonedDateTime.parse("2026-11-30T09:00:00Z[UTC]"));
        }

        @Test
        void declaringAnEmergencyInsideTheWindowAppliesTheReasonRules() {
            GateDecision noReason = runbook("2026-11-25T10:00:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).emergency());
            GateDecision withReason = runbook("2026-11-25T10:00:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).emergency().reason(PAYMENT_BUG));

            assertThat(noReason.shouldDeploy()).isFalse();
            assertThat(withReason.shouldDeploy()).isTrue();
            assertThat(withReason.deploymentType()).isEqualTo(DeploymentType.EMERGENCY_MANUAL);
            assertThat(result(withReason, "window")).isEqualTo(GateOutcome.PASS);
        }

        @Test
        void skippingTestsInsideTheWindowIsStillAnEmergency() {
            GateDecision d = runbook("2026-11-25T10:00:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.FAILURE).skipTests().reason(SECURITY_PATCH));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.EMERGENCY_MANUAL);
            assertThat(result(d, "ci")).isEqualTo(GateOutcome.SKIPPED);
        }

        @Test
        void skippingTestsWithoutAReasonIsRefused() {
            GateDecision d = runbook("2026-11-25T10:00:00Z", "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.FAILURE).skipTests());

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(result(d, "emergency")).isEqualTo(GateOutcome.BLOCK);
            assertThat(result(d, "ci")).isEqualTo(GateOutcome.BLOCK);
        }

        @Test
        void automatedTriggersCanNeverSkipTestsOrOverrideTheWindow() {
            for (Trigger t : List.of(Trigger.PUSH, Trigger.CI_SUCCESS, Trigger.TAG, Trigger.SCHEDULE)) {
                GateDecision d = runbook("2026-11-25T10:00:00Z", "production", t,
                        r -> r.ciStatus(CiStatus.FAILURE).skipTests().reason(SECURITY_PATCH));
                assertThat(d.shouldDeploy()).as(t.wireName()).isFalse();
                assertThat(d.gate("emergency").orElseThrow().reason()).as(t.wireName())
                        .isEqualTo("a " + t.wireName() + " trigger cannot skip tests; only a person (manual) can, with a reason");
                assertThat(result(d, "ci")).isEqualTo(GateOutcome.BLOCK);
            }
            GateDecision weekend = runbook("2026-11-28T14:30:00Z", "production", Trigger.PUSH,
                    r -> r.ciStatus(CiStatus.SUCCESS).emergency().reason(SECURITY_PATCH));
            assertThat(weekend.shouldDeploy()).isFalse();
            assertThat(result(weekend, "window")).isEqualTo(GateOutcome.BLOCK);
        }

        @Test
        void anEmergencyMayDemandItsOwnApprovers() {
            String yaml = RUNBOOK.replace("emergency: { allowed: true, minReasonLength: 20 }",
                    "emergency: { allowed: true, approvals: { roles: [vp] } }\n      approvals: { required: 2 }");
            Instant at = Instant.parse("2026-11-28T14:30:00Z");
            GateDecision withoutVp = decide(yaml, at.toString(), "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).actor("erin").reason(PAYMENT_BUG)
                            .approvals(List.of(new Approval("alice", "tech-lead", at), new Approval("bob", "sre", at))));
            GateDecision withVp = decide(yaml, at.toString(), "production", Trigger.MANUAL,
                    r -> r.ciStatus(CiStatus.SUCCESS).actor("erin").reason(PAYMENT_BUG)
                            .approvals(List.of(new Approval("vera", "vp", at))));

            assertThat(withoutVp.shouldDeploy()).isFalse();
            assertThat(withoutVp.gate("approvals").orElseThrow().reason()).contains("missing role vp");
            assertThat(withVp.shouldDeploy()).isTrue();
        }
    }

    @Nested
    class Approvals {

        static final String POLICY = """
                service: web
                environments:
                  prod:
                    gates:
                      approvals: { required: 2, roles: [tech-lead, product], maxAge: 24h }
                """;
        static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

        GateDecision with(Approval... approvals) {
            return decide(POLICY, NOW.toString(), "prod", Trigger.MANUAL, r -> r.actor("dana").approvals(List.of(approvals)));
        }

        @Test
        void twoPeopleCoveringBothRolesPass() {
            GateDecision d = with(new Approval("alice", "tech-lead", NOW.minusSeconds(3600)),
                    new Approval("bob", "product", NOW.minusSeconds(60)));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.gate("approvals").orElseThrow().reason())
                    .isEqualTo("2 of 2 required approvals: alice as tech-lead, bob as product");
        }

        @Test
        void onePersonTwiceIsOnePerson() {
            GateDecision d = with(new Approval("alice", "tech-lead", NOW), new Approval("Alice", "product", NOW));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("approvals").orElseThrow().reason()).startsWith("needs 2 approvals covering tech-lead, product; has 1");
        }

        @Test
        void everyRoleMustBeCovered() {
            GateDecision d = with(new Approval("alice", "tech-lead", NOW), new Approval("carol", "tech-lead", NOW));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("approvals").orElseThrow().reason()).contains("missing role product");
        }

        @Test
        void staleApprovalsDoNotCount() {
            GateDecision d = with(new Approval("alice", "tech-lead", NOW.minusSeconds(25 * 3600)),
                    new Approval("bob", "product", NOW));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("approvals").orElseThrow().reason()).contains("alice (approved 1d1h ago; older than 1d)");
        }

        @Test
        void theDeployerCannotApproveTheirOwnDeployment() {
            GateDecision d = with(new Approval("dana", "tech-lead", NOW), new Approval("bob", "product", NOW));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("approvals").orElseThrow().reason()).contains("dana (the deployer cannot approve their own deployment)");
        }

        @Test
        void approvalsInOtherRolesDoNotCount() {
            GateDecision d = with(new Approval("alice", "tech-lead", NOW), new Approval("bob", "intern", NOW));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("approvals").orElseThrow().reason()).contains("bob (role intern is not one of tech-lead, product)");
        }
    }

    @Nested
    class TriggersAndRefs {

        static final String POLICY = """
                service: web
                environments:
                  production:
                    triggers: [manual, tag]
                    branches: [main]
                    tags: ["v*"]
                """;

        @Test
        void aRefusedTriggerNamesTheRule() {
            GateDecision d = decide(POLICY, "2026-11-25T10:00:00Z", "production", Trigger.PUSH, r -> r.ref("main"));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("trigger").orElseThrow().reason())
                    .isEqualTo("push may not deploy to production (allowed: tag, manual)");
        }

        @Test
        void releaseTagsAndMainMayDeployOtherRefsMayNot() {
            assertThat(decide(POLICY, "2026-11-25T10:00:00Z", "production", Trigger.TAG, r -> r.ref("v1.4.0")).shouldDeploy()).isTrue();
            assertThat(decide(POLICY, "2026-11-25T10:00:00Z", "production", Trigger.TAG, r -> r.ref("refs/tags/v1.4.0")).shouldDeploy()).isTrue();
            assertThat(decide(POLICY, "2026-11-25T10:00:00Z", "production", Trigger.MANUAL, r -> r.ref("refs/heads/main")).shouldDeploy()).isTrue();

            GateDecision feature = decide(POLICY, "2026-11-25T10:00:00Z", "production", Trigger.MANUAL, r -> r.ref("feature/x"));
            assertThat(feature.shouldDeploy()).isFalse();
            assertThat(feature.gate("ref").orElseThrow().reason())
                    .isEqualTo("branch feature/x may not deploy to production (allowed: branches [main], tags [v*])");
            assertThat(decide(POLICY, "2026-11-25T10:00:00Z", "production", Trigger.TAG, r -> r.ref("nightly-1")).shouldDeploy()).isFalse();
        }

        @Test
        void aRestrictedEnvironmentRefusesARequestWithoutRef() {
            GateDecision d = decide(POLICY, "2026-11-25T10:00:00Z", "production", Trigger.MANUAL, r -> r);

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("ref").orElseThrow().reason()).startsWith("no ref given");
        }
    }

    @Nested
    class Rollbacks {

        @Test
        void aRollbackPassesWindowsAndFreezesAndIsRecordedAsRollback() {
            GateDecision d = runbook("2026-12-26T03:00:00Z", "production", Trigger.ROLLBACK,
                    r -> r.ciStatus(CiStatus.FAILURE).reason("v1.4.0 doubles card charges; restoring v1.3.9"));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.ROLLBACK);
            assertThat(result(d, "window")).isEqualTo(GateOutcome.PASS);
            assertThat(result(d, "freeze")).isEqualTo(GateOutcome.PASS);
            assertThat(result(d, "ci")).isEqualTo(GateOutcome.SKIPPED);
        }

        @Test
        void aRollbackStillNeedsAReason() {
            GateDecision d = runbook("2026-12-26T03:00:00Z", "production", Trigger.ROLLBACK, r -> r.reason("oops"));

            assertThat(d.shouldDeploy()).isFalse();
            assertThat(d.gate("reason").orElseThrow().reason()).isEqualTo("the reason is 4 characters; a rollback needs at least 20");
        }

        @Test
        void aRollbackIsAllowedEvenWhereTriggersAreRestricted() {
            String yaml = """
                    service: web
                    environments:
                      production: { triggers: [tag] }
                    """;
            GateDecision d = decide(yaml, "2026-11-25T10:00:00Z", "production", Trigger.ROLLBACK, r -> r.reason("bad release"));

            assertThat(d.shouldDeploy()).isTrue();
            assertThat(d.deploymentType()).isEqualTo(DeploymentType.ROLLBACK);
        }
    }
}
