package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps in a real Jenkins: the example Jenkinsfiles run as they are written, on the embedded local target;
 * an abort restores traffic; every step survives the Snippet Generator and its configuration form.
 *
 * <p>An example runs with three adaptations ({@link #adapt}), each checked to have applied: {@code checkout scm}
 * becomes a function that writes the policies ({@link TestPolicies}: the demo app, short pauses, no gates) into the
 * workspace and returns a commit; {@code sh}, {@code junit} and {@code archiveArtifacts} lines only echo their
 * argument (there is no Maven project to build). Everything else, the Rollgate steps, the parameters, the stages and
 * the {@code when} conditions, runs as a user would run it, in the Groovy sandbox. Declarative examples need
 * {@code pipeline-model-definition} (test scope); scripted {@code properties} comes with it (workflow-multibranch).
 *
 * <p>Log assertions use only robust text: the steps' lines start with {@code [rollgate] }, an aborted rollout ends
 * with {@code aborted, traffic restored to <stable version>}, and the examples' own {@code echo} lines.
 */
@WithJenkins
class StepsJenkinsTest {

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** A line of a step that shows a rollout waiting in a pause. */
    static final Pattern PAUSED = Pattern.compile("(?m)^\\[rollgate\\] .*(paused|waiting)");

    @TempDir
    Path tmp;

    private JenkinsRule j;
    private TestPolicies policies;
    /** The canary pause the next checkout writes into rollgate.yaml. */
    private String canaryPause = "2s";

    @BeforeEach
    void setUp(JenkinsRule rule) {
        this.j = rule;
        this.policies = new TestPolicies(tmp.resolve("state"));
    }

    @AfterEach
    void stopAgents() {
        policies.stopAgents();
    }

    // ---- the examples ----

    @Test
    void canaryExampleDeploysTheFirstVersionThenACanaryAndTheRollbackJobGoesBack() throws Exception {
        WorkflowJob canary = example("canary.Jenkinsfile");
        WorkflowRun b1 = j.buildAndAssertSuccess(canary);
        j.assertLogContains("[rollgate] ", b1);
        j.assertLogContains("Deploying " + version(1) + " to staging", b1);
        j.assertLogContains("staging runs " + version(1), b1);

        WorkflowRun b2 = j.buildAndAssertSuccess(canary);
        j.assertLogContains("staging runs " + version(2), b2);

        WorkflowJob rollback = example("manual-rollback.Jenkinsfile");
        parameters(rollback, "DEPLOYMENT_ENVIRONMENT", "TO_VERSION", "DEPLOYMENT_REASON");
        WorkflowRun r = j.assertBuildStatusSuccess(rollback.scheduleBuild2(0, new ParametersAction(
                new StringParameterValue("DEPLOYMENT_ENVIRONMENT", "staging"),
                new StringParameterValue("TO_VERSION", ""),
                new StringParameterValue("DEPLOYMENT_REASON", "the new checkout page loses carts"))));
        j.assertLogContains("staging runs " + version(2), r);
        j.assertLogContains("staging now runs " + version(1), r);
    }

    @Test
    void manualRollbackExampleRefusesToRunWithoutAReason() throws Exception {
        WorkflowJob rollback = example("manual-rollback.Jenkinsfile");
        WorkflowRun r = j.assertBuildStatus(Result.FAILURE, rollback.scheduleBuild2(0));
        j.assertLogContains("DEPLOYMENT_REASON is required", r);
    }

    @Test
    void blueGreenExampleGoesThroughStagingToProduction() throws Exception {
        WorkflowJob p = example("blue-green.Jenkinsfile");
        WorkflowRun b1 = j.buildAndAssertSuccess(p);
        j.assertLogContains("Production: nothing -> " + version(1), b1);
        WorkflowRun b2 = j.buildAndAssertSuccess(p);
        j.assertLogContains("Production: " + version(1) + " -> " + version(2), b2);
        j.assertLogContains("[rollgate] ", b2);
    }

    @Test
    void rollingExampleIsAScriptedPipelineWithParameters() throws Exception {
        WorkflowJob p = example("rolling.Jenkinsfile");
        WorkflowRun b1 = j.buildAndAssertSuccess(p);
        j.assertLogContains("staging runs " + version(1), b1);
        WorkflowRun b2 = j.buildAndAssertSuccess(p);
        j.assertLogContains("staging runs " + version(2), b2);
        assertThat(p.getProperty(ParametersDefinitionProperty.class)).as("properties() registered the parameters")
                .isNotNull();
    }

    @Test
    void waitForWindowExampleGatesOutsideAnyAgentThenDeploys() throws Exception {
        WorkflowJob p = example("wait-for-window.Jenkinsfile");
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("[rollgate] ", b);
        assertThat(rolloutPhase("production")).isEqualToIgnoringCase("promoted");
    }

    @Test
    void rolloutControlExamplePromotesFullyAndAborts() throws Exception {
        canaryPause = "10m";
        WorkflowJob canary = example("canary.Jenkinsfile");
        j.buildAndAssertSuccess(canary); // the first deployment has no pause
        WorkflowJob control = example("rollout-control.Jenkinsfile");
        parameters(control, "DEPLOYMENT_ENVIRONMENT", "ACTION", "DEPLOYMENT_REASON");

        WorkflowRun b2 = canary.scheduleBuild2(0).waitForStart();
        waitForPause(b2, "Deploying " + version(2));
        j.assertBuildStatusSuccess(control.scheduleBuild2(0, actions("staging", "promote-full", "")));
        j.assertBuildStatusSuccess(j.waitForCompletion(b2));
        j.assertLogContains("staging runs " + version(2), b2);

        WorkflowRun b3 = canary.scheduleBuild2(0).waitForStart();
        waitForPause(b3, "Deploying " + version(3));
        j.assertBuildStatusSuccess(control.scheduleBuild2(0, actions("staging", "abort", "error budget spent")));
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b3));
        j.assertLogContains("traffic restored to " + version(2), b3);
        assertThat(rolloutPhase("staging")).isEqualToIgnoringCase("aborted");
    }

    // ---- abort ----

    @Test
    void abortingTheBuildRestoresTrafficToTheStableVersion() throws Exception {
        Path config = tmp.resolve("abort").resolve("rollgate.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, policies.canary("10m"), StandardCharsets.UTF_8);
        String path = TestPolicies.groovyString(config.toString());
        WorkflowJob p = j.createProject(WorkflowJob.class, "abort");
        p.setDefinition(new CpsFlowDefinition(
                "canaryDeploy(environment: 'staging', version: 'v1', config: " + path + ")\n"
                        + "echo 'first deployment done'\n"
                        + "canaryDeploy(environment: 'staging', version: 'v2', config: " + path + ")\n", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        waitForPause(b, "first deployment done");

        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        j.assertLogContains("aborted, traffic restored to v1", b);
        assertThat(rolloutPhase("staging", config)).isEqualToIgnoringCase("aborted");
    }

    // ---- the Snippet Generator and the configuration form ----

    @Test
    void everyStepRoundTripsThroughTheSnippetGenerator() throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        st.assertRoundTrip(gate(), "deploymentGate config: 'deploy/rollgate.yaml', emergency: true,"
                + " environment: 'production', failWhenBlocked: false, reason: 'INC-4711 checkout errors since 1.4.1',"
                + " skipTests: true, version: '1.4.2', waitForWindow: true");
        st.assertRoundTrip(new DeploymentGateStep("production"), "deploymentGate 'production'");
        st.assertRoundTrip(canary(), "canaryDeploy config: 'deploy/rollgate.yaml', emergency: true,"
                + " environment: 'production', reason: 'INC-4711 checkout errors since 1.4.1', skipTests: true,"
                + " version: '1.4.2', waitForLockMinutes: 15");
        st.assertRoundTrip(new CanaryDeployStep("staging", "1.4.2"),
                "canaryDeploy environment: 'staging', version: '1.4.2'");
        st.assertRoundTrip(blueGreen(), "blueGreenDeploy config: 'deploy/rollgate.yaml', environment: 'production',"
                + " reason: 'release 1.4.2', version: '1.4.2', waitForLockMinutes: 5");
        st.assertRoundTrip(rolling(), "rollingDeploy config: 'deploy/rollgate.yaml', environment: 'production',"
                + " skipTests: true, version: '1.4.2'");
        st.assertRoundTrip(rollback(), "rollbackDeploy config: 'deploy/rollgate.yaml', environment: 'production',"
                + " reason: 'p99 regression', to: '1.4.1', waitForLockMinutes: 10");
        st.assertRoundTrip(new RollbackDeployStep("production"), "rollbackDeploy 'production'");
        st.assertRoundTrip(promote(), "promoteDeploy config: 'deploy/rollgate.yaml', environment: 'production',"
                + " full: true");
        st.assertRoundTrip(new PromoteDeployStep("production"), "promoteDeploy 'production'");
        st.assertRoundTrip(abort(), "abortDeploy config: 'deploy/rollgate.yaml', environment: 'production',"
                + " reason: 'error budget spent'");
        st.assertRoundTrip(status(), "rolloutStatus config: 'deploy/rollgate.yaml', environment: 'production'");
        st.assertRoundTrip(new RolloutStatusStep("production"), "rolloutStatus 'production'");
    }

    @Test
    void everyStepRoundTripsThroughItsConfigurationForm() throws Exception {
        StepConfigTester ct = new StepConfigTester(j);
        for (Step before : List.of(gate(), canary(), blueGreen(), rolling(), rollback(), promote(), abort(), status(),
                new DeploymentGateStep("staging"), new CanaryDeployStep("staging", "1.4.2"))) {
            Step after = ct.configRoundTrip(before);
            j.assertEqualDataBoundBeans(before, after);
        }
    }

    private static DeploymentGateStep gate() {
        DeploymentGateStep s = new DeploymentGateStep("production");
        s.setConfig("deploy/rollgate.yaml");
        s.setVersion("1.4.2");
        s.setReason("INC-4711 checkout errors since 1.4.1");
        s.setEmergency(true);
        s.setSkipTests(true);
        s.setFailWhenBlocked(false);
        s.setWaitForWindow(true);
        return s;
    }

    private static CanaryDeployStep canary() {
        CanaryDeployStep s = new CanaryDeployStep("production", "1.4.2");
        s.setConfig("deploy/rollgate.yaml");
        s.setReason("INC-4711 checkout errors since 1.4.1");
        s.setEmergency(true);
        s.setSkipTests(true);
        s.setWaitForLockMinutes(15);
        return s;
    }

    private static BlueGreenDeployStep blueGreen() {
        BlueGreenDeployStep s = new BlueGreenDeployStep("production", "1.4.2");
        s.setConfig("deploy/rollgate.yaml");
        s.setReason("release 1.4.2");
        s.setWaitForLockMinutes(5);
        return s;
    }

    private static RollingDeployStep rolling() {
        RollingDeployStep s = new RollingDeployStep("production", "1.4.2");
        s.setConfig("deploy/rollgate.yaml");
        s.setSkipTests(true);
        return s;
    }

    private static RollbackDeployStep rollback() {
        RollbackDeployStep s = new RollbackDeployStep("production");
        s.setConfig("deploy/rollgate.yaml");
        s.setReason("p99 regression");
        s.setTo("1.4.1");
        s.setWaitForLockMinutes(10);
        return s;
    }

    private static PromoteDeployStep promote() {
        PromoteDeployStep s = new PromoteDeployStep("production");
        s.setConfig("deploy/rollgate.yaml");
        s.setFull(true);
        return s;
    }

    private static AbortDeployStep abort() {
        AbortDeployStep s = new AbortDeployStep("production");
        s.setConfig("deploy/rollgate.yaml");
        s.setReason("error budget spent");
        return s;
    }

    private static RolloutStatusStep status() {
        RolloutStatusStep s = new RolloutStatusStep("production");
        s.setConfig("deploy/rollgate.yaml");
        return s;
    }

    // ---- running the examples ----

    /** The version the adapted checkout gives build {@code n}: the first 12 characters of its fake commit. */
    static String version(int build) {
        return ("v" + build + "-00000000000000").substring(0, 12);
    }

    /** A Pipeline job running the example file, adapted. */
    private WorkflowJob example(String file) throws Exception {
        String text = Files.readString(TestPolicies.examples().resolve(file), StandardCharsets.UTF_8);
        WorkflowJob p = j.createProject(WorkflowJob.class, file.replace(".Jenkinsfile", ""));
        p.setDefinition(new CpsFlowDefinition(adapt(text, checkout()), true));
        return p;
    }

    /** Declares the job's parameters up front, so that a first build can be given values (they are all strings). */
    private static void parameters(WorkflowJob p, String... names) throws Exception {
        List<ParameterDefinition> definitions = new ArrayList<>();
        for (String name : names) {
            definitions.add(new StringParameterDefinition(name, ""));
        }
        p.addProperty(new ParametersDefinitionProperty(definitions));
    }

    private static ParametersAction actions(String environment, String action, String reason) {
        List<ParameterValue> values = List.of(new StringParameterValue("DEPLOYMENT_ENVIRONMENT", environment),
                new StringParameterValue("ACTION", action), new StringParameterValue("DEPLOYMENT_REASON", reason));
        return new ParametersAction(values);
    }

    /**
     * The function that stands in for {@code checkout scm}: writes the three policies the examples read and
     * returns what the Git plugin's checkout returns, a commit unique to the build.
     */
    private String checkout() {
        return "def rollgateTestCheckout() {\n"
                + "    writeFile file: 'rollgate.yaml', text: " + TestPolicies.groovyText(policies.canary(canaryPause))
                + "\n"
                + "    writeFile file: 'rollgate-blue-green.yaml', text: " + TestPolicies.groovyText(policies.blueGreen())
                + "\n"
                + "    writeFile file: 'rollgate-rolling.yaml', text: " + TestPolicies.groovyText(policies.rolling())
                + "\n"
                + "    return [GIT_COMMIT: \"v${env.BUILD_NUMBER}-00000000000000\"]\n"
                + "}\n\n";
    }

    /** The example with its checkout and build commands replaced; fails if a replacement no longer applies. */
    static String adapt(String example, String checkoutFunction) {
        assertThat(example).as("the examples check out their sources").contains("checkout scm");
        String adapted = example.replace("checkout scm", "rollgateTestCheckout()");
        Matcher build = Pattern.compile("(?m)^(\\s*)(sh|junit|archiveArtifacts) ").matcher(adapted);
        adapted = build.replaceAll("$1echo ");
        assertThat(adapted).as("every build command was replaced").doesNotContainPattern("(?m)^\\s*(sh|junit|"
                + "archiveArtifacts)\\b");
        return checkoutFunction + adapted;
    }

    /** Waits until the build's log, after {@code marker}, shows a rollout waiting in a pause. */
    static void waitForPause(WorkflowRun b, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            String log = JenkinsRule.getLog(b);
            int from = log.indexOf(marker);
            if (from >= 0 && PAUSED.matcher(log.substring(from)).find()) {
                return;
            }
            assertThat(b.isBuilding()).as("the build still runs; its log:\n%s", log).isTrue();
            assertThat(System.nanoTime() - deadline < 0).as("paused within 3 minutes; the log:\n%s", log).isTrue();
            Thread.sleep(200);
        }
    }

    /** The phase {@code rolloutStatus} reports for the environment of the examples' rollgate.yaml. */
    private String rolloutPhase(String environment) throws Exception {
        Path config = tmp.resolve("status-" + environment).resolve("rollgate.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, policies.canary(canaryPause), StandardCharsets.UTF_8);
        return rolloutPhase(environment, config);
    }

    private String rolloutPhase(String environment, Path config) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("def s = rolloutStatus(environment: '" + environment + "', config: "
                + TestPolicies.groovyString(config.toString()) + ")\necho \"phase=${s.phase}.\"\n", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        Matcher m = Pattern.compile("phase=(\\w*)\\.").matcher(JenkinsRule.getLog(b));
        assertThat(m.find()).as("rolloutStatus answered").isTrue();
        return m.group(1);
    }
}
