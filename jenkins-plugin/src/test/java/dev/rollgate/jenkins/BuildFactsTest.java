package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.model.CiStatus;
import dev.rollgate.model.Trigger;
import hudson.EnvVars;
import hudson.model.Cause;
import hudson.model.Result;
import hudson.triggers.SCMTrigger;
import hudson.triggers.TimerTrigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build's causes, SCM variables and result so far, as a deployment request's trigger, actor, ref and CI. */
class BuildFactsTest {

    static final EnvVars MAIN = new EnvVars(Map.of("BRANCH_NAME", "main", "GIT_COMMIT", "acb5820ced94"));

    /** A cause from a plugin Rollgate does not depend on (branch-api's BranchEventCause, say). */
    static final class BranchEventCause extends Cause {
        @Override
        public String getShortDescription() {
            return "Push event to branch main";
        }
    }

    @Test
    void aPersonWhoStartedTheBuildMakesItManualAndIsTheActor() {
        BuildFacts f = BuildFacts.of(List.of(new Cause.UserIdCause("alice")), MAIN, null);
        assertThat(f.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(f.actor()).contains("alice");
        assertThat(f.ref()).contains("refs/heads/main");
        assertThat(f.commit()).contains("acb5820ced94");
        assertThat(f.ciStatus()).isEqualTo(CiStatus.SUCCESS);  // nothing failed so far
    }

    @Test
    void timersAreScheduledAndScmChangesArePushes() {
        assertThat(BuildFacts.of(List.of(new TimerTrigger.TimerTriggerCause()), MAIN, null).trigger())
                .isEqualTo(Trigger.SCHEDULE);
        assertThat(BuildFacts.of(List.of(new SCMTrigger.SCMTriggerCause("")), MAIN, null).trigger())
                .isEqualTo(Trigger.PUSH);
        assertThat(BuildFacts.of(List.of(new BranchEventCause()), MAIN, null).trigger()).isEqualTo(Trigger.PUSH);
    }

    @Test
    void aBuildOfATagIsATagTrigger() {
        EnvVars tag = new EnvVars(Map.of("TAG_NAME", "v1.4.0", "BRANCH_NAME", "v1.4.0"));
        BuildFacts f = BuildFacts.of(List.of(new BranchEventCause()), tag, null);
        assertThat(f.trigger()).isEqualTo(Trigger.TAG);
        assertThat(f.ref()).contains("refs/tags/v1.4.0");
        // A person building a tag by hand is still a manual request.
        assertThat(BuildFacts.of(List.of(new Cause.UserIdCause("alice")), tag, null).trigger())
                .isEqualTo(Trigger.MANUAL);
    }

    @Test
    void freestyleGitBranchesLoseTheirRemote() {
        EnvVars git = new EnvVars(Map.of("GIT_BRANCH", "origin/release-1.4"));
        assertThat(BuildFacts.of(List.of(new SCMTrigger.SCMTriggerCause("")), git, null).ref())
                .contains("refs/heads/release-1.4");
    }

    @Test
    void anUnstableOrFailedBuildSoFarIsAFailedCi() {
        assertThat(BuildFacts.of(List.of(), MAIN, Result.SUCCESS).ciStatus()).isEqualTo(CiStatus.SUCCESS);
        assertThat(BuildFacts.of(List.of(), MAIN, Result.UNSTABLE).ciStatus()).isEqualTo(CiStatus.FAILURE);
        assertThat(BuildFacts.of(List.of(), MAIN, Result.FAILURE).ciStatus()).isEqualTo(CiStatus.FAILURE);
    }
}
