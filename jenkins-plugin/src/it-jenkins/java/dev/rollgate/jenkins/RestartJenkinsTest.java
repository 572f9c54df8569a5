package dev.rollgate.jenkins;

import hudson.model.CauseAction;
import hudson.triggers.SCMTrigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;
import org.jvnet.hudson.test.recipes.WithTimeout;

/**
 * A controller restart in the middle of a wait: each {@code sessions.then} is a fresh Jenkins on the same
 * {@code JENKINS_HOME} (the {@code SleepStepTest.sleepAndRestart} pattern of workflow-basic-steps). The steps run
 * outside {@code node}, with the policy by absolute path, so no executor is held across the restart; the local
 * target's agent, a process of its own, keeps serving meanwhile, as it would in production.
 */
class RestartJenkinsTest {

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    private TestPolicies policies;

    @AfterEach
    void stopAgents() {
        if (policies != null) {
            policies.stopAgents();
        }
    }

    @Test
    @WithTimeout(600) // per session: starting the demo app and the pause take a while on a slow runner
    void aCanaryPausedAcrossARestartResumesAndCompletes() throws Throwable {
        policies = new TestPolicies(tmp.resolve("state"));
        Path config = write(policies.canary("30s"));
        String path = TestPolicies.groovyString(config.toString());
        sessions.then(j -> {
            WorkflowJob p = j.createProject(WorkflowJob.class, "canary");
            p.setDefinition(new CpsFlowDefinition(
                    "canaryDeploy(environment: 'staging', version: 'v1', config: " + path + ")\n"
                            + "echo 'first deployment done'\n"
                            + "def s = canaryDeploy(environment: 'staging', version: 'v2', config: " + path + ")\n"
                            + "echo \"after the restart: staging runs ${s.stableVersion}\"\n", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            StepsJenkinsTest.waitForPause(b, "first deployment done");
            // The session ends here: Jenkins shuts down with the build inside the canary's pause.
        });
        sessions.then(j -> {
            WorkflowJob p = j.jenkins.getItemByFullName("canary", WorkflowJob.class);
            WorkflowRun b = p.getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("after the restart: staging runs v2", b);
        });
    }

    @Test
    @WithTimeout(600) // per session: the window opens up to two minutes after the start
    void aGateWaitingForTheWindowAcrossARestartDecidesWhenItOpens() throws Throwable {
        policies = new TestPolicies(tmp.resolve("state"));
        // Blocked now, open in one to two minutes: the wait spans the restart.
        Path config = write(policies.canaryWithWindowOpeningIn(2));
        String path = TestPolicies.groovyString(config.toString());
        sessions.then(j -> {
            WorkflowJob p = j.createProject(WorkflowJob.class, "gate");
            p.setDefinition(new CpsFlowDefinition(
                    "def d = deploymentGate(environment: 'production', config: " + path + ", waitForWindow: true)\n"
                            + "echo \"window open: shouldDeploy=${d.shouldDeploy}\"\n", true));
            // An SCM change (trigger push): the window applies as it does to every automated deployment.
            WorkflowRun b = p.scheduleBuild2(0, new CauseAction(new SCMTrigger.SCMTriggerCause("a push to main")))
                    .waitForStart();
            j.waitForMessage("[rollgate] waiting for the window", b);
        });
        sessions.then(j -> {
            WorkflowJob p = j.jenkins.getItemByFullName("gate", WorkflowJob.class);
            WorkflowRun b = p.getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("window open: shouldDeploy=true", b);
        });
    }

    private Path write(String policy) throws Exception {
        Path config = tmp.resolve("policy").resolve("rollgate.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, policy, StandardCharsets.UTF_8);
        return config;
    }
}
