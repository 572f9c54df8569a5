package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.driver.DeployRequest;
import dev.rollgate.driver.Deployer;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Approval;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.Command;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.Attendance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build page's logic without Stapler: who may approve as which role, and the Promote/Abort buttons writing a
 * command into the rollout's state. The web methods' POST-only and Build-permission checks need a controller and are
 * tested by the real build.
 */
class RollgateActionTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anApproverCountsForEachRequiredRoleWhoseGroupTheyAreIn() {
        RollgateAction.ApprovalRequest request = new RollgateAction().approvalRequest("production",
                List.of("release-managers", "sre"), 2);

        List<Approval> given = request.approve("bob", List.of("developers", "SRE", "release-managers"), NOW);

        assertThat(given).extracting(Approval::role).containsExactly("release-managers", "sre");
        assertThat(request.approvals()).hasSize(2);
        assertThat(request.getGiven()).containsExactly("bob as release-managers at 2026-11-25T10:00:00Z",
                "bob as sre at 2026-11-25T10:00:00Z");
    }

    @Test
    void someoneInNoneOfTheGroupsIsTurnedAwayAndNothingIsRecorded() {
        RollgateAction.ApprovalRequest request = new RollgateAction().approvalRequest("production",
                List.of("release-managers"), 1);

        assertThatThrownBy(() -> request.approve("mallory", List.of("developers"), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mallory is in none of the groups release-managers that may approve deployments to production");
        assertThat(request.approvals()).isEmpty();
    }

    @Test
    void withoutRolesAnyoneWithBuildPermissionApprovesAndApprovingAgainRenewsIt() {
        RollgateAction.ApprovalRequest request = new RollgateAction().approvalRequest("staging", List.of(), 1);
        request.approve("carol", List.of(), NOW);
        request.approve("carol", List.of(), NOW.plus(Duration.ofMinutes(30)));

        assertThat(request.approvals()).containsExactly(new Approval("carol", "approver", NOW.plus(Duration.ofMinutes(30))));
    }

    @Test
    void oneRequestAndOneRolloutLinePerEnvironmentAndStep() {
        RollgateAction page = new RollgateAction();
        assertThat(page.approvalRequest("production", List.of("sre"), 1))
                .isSameAs(page.approvalRequest("production", List.of("sre"), 1));
        RollgateAction.RolloutEntry canary = page.rollout("production", "/w/rollgate.yaml", "canaryDeploy");
        assertThat(page.rollout("production", "/w/rollgate.yaml", "canaryDeploy")).isSameAs(canary);
        assertThat(page.rollout("staging", "/w/rollgate.yaml", "canaryDeploy")).isNotSameAs(canary);
        assertThat(page.getRollouts()).hasSize(2);

        canary.update("step 2/5, v1 50% | v2 50%: waiting for promotion", true);
        assertThat(canary.isWaitingForPerson()).isTrue();
        canary.ended("v2 Promoted; traffic: v2 100%");
        assertThat(canary.isRunning()).isFalse();
        assertThat(canary.isWaitingForPerson()).isFalse();
    }

    @Test
    void promoteOnThePageWritesTheCommandTheStepsNextRoundTakes() throws Exception {
        Path config = dir.resolve("rollgate.yaml");
        Files.writeString(config, """
                service: web
                environments:
                  production:
                    rollout:
                      local: { command: "app --port {port}", listen: "127.0.0.1:1" }
                      strategy:
                        canary:
                          steps: [ { setWeight: 50 }, { pause: {} } ]
                """);
        RollgateConfig policy = ConfigLoader.load(config);
        Deployer deployer = new Deployer(new Deployer.Setup(policy, dir, policy.environment("production").orElseThrow(),
                dir.resolve(".rollgate"), Clock.systemUTC(), d -> { }));
        deployer.begin(new DeployRequest("v1", "alice", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(),
                Duration.ZERO, Attendance.ATTENDED));
        RollgateAction.RolloutEntry entry = new RollgateAction().rollout("production", config.toString(), "canaryDeploy");

        entry.command(Command.Kind.PROMOTE, "jenkins: bob on web #7");

        RolloutStatus status = deployer.status().orElseThrow();
        assertThat(status.command()).hasValueSatisfying(c -> {
            assertThat(c.kind()).isEqualTo(Command.Kind.PROMOTE);
            assertThat(c.by()).isEqualTo("jenkins: bob on web #7");
        });
    }
}
