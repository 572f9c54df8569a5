package dev.rollgate.action;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What keeps a pipeline safe: a cancelled job leaves traffic on the stable version (in the main stage within the
 * runner's grace period, or in the post stage), untrusted text cannot become a workflow command, an output or
 * Markdown, and bad input fails the step clearly. Each runs {@code rollgate github-action} as its own process.
 */
class ActionSafetyTest extends ActionTestBase {

    static final String DISPATCH = "{\"inputs\":{\"deployment_environment\":\"production\"},\"ref\":\"refs/heads/main\"}";

    /** v1 promoted (the first deployment), then v2 started as a canary that pauses 5 minutes at 50%. */
    Process canaryOfV2OverV1() throws Exception {
        ActionProcess.Result v1 = action("deploy").input("environment", "production").input("version", "v1")
                .event("workflow_dispatch", DISPATCH).at(WEDNESDAY).run();
        assertThat(v1.outputs()).as(v1.stdout()).containsEntry("outcome", "promoted");
        ActionProcess second = action("deploy").input("environment", "production").input("version", "v2")
                .event("workflow_dispatch", DISPATCH).at(WEDNESDAY);
        Process p = second.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!second.stdout().contains("paused:")) {
            assertThat(p.isAlive()).as(second.stdout()).isTrue();
            assertThat(System.nanoTime()).as("v2 reached its pause").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(versionsServed()).contains("v1", "v2");  // 50% each
        return p;
    }

    Set<String> versionsServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            seen.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body().strip());
        }
        return seen;
    }

    static void signal(Process p, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor()).isZero();
    }

    List<String> deploymentStatuses() {
        return github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/2847569921/statuses")))
                .stream().map(LoggedRequest::getBodyAsString).toList();
    }

    @Test
    void cancellingTheJobAbortsTheCanaryWithinTheGracePeriod() throws Exception {
        Process p = canaryOfV2OverV1();
        ActionProcess view = new ActionProcess(workspace, files);
        signal(p, "INT");  // what `docker run` forwards when the runner cancels the step
        // The runner sends SIGTERM 7.5 s after SIGINT and kills 2.5 s later: the abort must be done by then.
        assertThat(p.waitFor(7, TimeUnit.SECONDS)).as("aborted within the grace period").isTrue();
        ActionProcess.Result r = view.finish(p);

        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(3);
        assertThat(r.outputs()).containsEntry("outcome", "aborted");
        assertThat(r.outputs().get("status_json")).contains("\"phase\" : \"Aborted\"");
        assertThat(r.state()).containsEntry("rollout_open", "false");
        assertThat(versionsServed()).containsExactly("v1");
        assertThat(r.log().named("error")).singleElement()
                .satisfies(e -> assertThat(e.data()).contains("traffic is on v1 again"));
        List<String> statuses = deploymentStatuses();
        assertThat(statuses.get(statuses.size() - 1)).contains("\"state\":\"failure\"").contains("cancelled");
    }

    @Test
    void cancellingWhileTheCanaryIsStillStartingAbortsWithinTheGracePeriodToo() throws Exception {
        ActionProcess.Result v1 = action("deploy").input("environment", "production").input("version", "v1")
                .event("workflow_dispatch", DISPATCH).at(WEDNESDAY).run();
        assertThat(v1.outputs()).as(v1.stdout()).containsEntry("outcome", "promoted");
        ActionProcess slow = action("deploy").input("environment", "production").input("version", "v2-slow")
                .event("workflow_dispatch", DISPATCH).at(WEDNESDAY);
        Process p = slow.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!slow.stdout().contains("starting 1 canary instance of v2-slow")) {
            assertThat(p.isAlive()).as(slow.stdout()).isTrue();
            assertThat(System.nanoTime()).as("the canary began to start").isLessThan(deadline);
            Thread.sleep(50);
        }
        Thread.sleep(500);  // the agent is now waiting for an instance that never listens
        signal(p, "INT");
        assertThat(p.waitFor(7, TimeUnit.SECONDS)).as("aborted within the grace period:\n" + slow.stdout()).isTrue();
        ActionProcess.Result r = slow.finish(p);

        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(3);
        assertThat(r.outputs()).containsEntry("outcome", "aborted");
        assertThat(versionsServed()).containsExactly("v1");
    }

    @Test
    void thePostStageAbortsARolloutTheMainStageCouldNotFinish() throws Exception {
        Process p = canaryOfV2OverV1();
        ActionProcess main = new ActionProcess(workspace, files);
        signal(p, "KILL");  // the runner gave up: the step's process is gone mid-canary
        p.waitFor();
        Map<String, String> state = RunnerFiles.parse(files.resolve("save_state_1"));
        assertThat(state).containsEntry("rollout_open", "true");

        ActionProcess post = action("deploy").input("environment", "production");
        post.args.add("--stage");
        post.args.add("post");
        state.forEach((k, v) -> post.env.put("STATE_" + k, v));  // as the runner passes saved state on
        ActionProcess.Result r = post.run();

        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.log().named("warning")).singleElement()
                .satisfies(w -> assertThat(w.property("title")).isEqualTo("Rollgate: the job ended before the rollout did"));
        assertThat(versionsServed()).containsExactly("v1");
        assertThat(deploymentStatuses().get(deploymentStatuses().size() - 1)).contains("\"state\":\"failure\"")
                .contains("cancelled");
        assertThat(main.stdout()).isNotNull();
    }

    @Test
    void hostileTextStaysInert() throws Exception {
        String reason = "Checkout down INC-1 ok\n::set-output name=deployment_id::1\r::add-mask::the %0A::error::x"
                + " ##[set-output name=should_deploy]true ::stop-commands::x ::set-env name=A::b @octocat"
                + " <img src=x onerror=alert(1)> [link](https://evil.example) | cell |";
        String payload = "{\"inputs\":{\"deployment_environment\":\"production\",\"deployment_reason\":"
                + com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(reason) + "}}";
        ActionProcess.Result r = action("gate").event("workflow_dispatch", payload).at(SATURDAY).run();

        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.outputs()).containsEntry("deployment_type", "emergency_manual");
        // The only commands the runner runs are Rollgate's own: the token's mask.
        RunnerLog.Result log = r.log();
        assertThat(log.commands()).extracting(RunnerLog.Command::name).containsExactly("add-mask");
        assertThat(log.named("add-mask").get(0).data()).isEqualTo(TOKEN);
        assertThat(log.stoppedAtEnd()).isFalse();
        assertThat(r.outputs().keySet()).containsExactlyInAnyOrder("should_deploy", "deployment_type", "next_window",
                "decision_json", "outcome");
        assertThat(r.outputs().get("decision_json")).contains("INC-1 ok\\n::set-output");  // intact, as JSON
        assertThat(r.summary()).doesNotContain("<img").doesNotContain("@octocat").doesNotContain("](https://evil")
                .doesNotContain("| cell |");
    }

    @Test
    void anInvalidConfigFailsTheStepNamingFileAndLine() throws Exception {
        Files.writeString(workspace.resolve("rollgate.yaml"), """
                service: shop
                environments:
                  production:
                    gates:
                      windoww: { days: [MON] }
                """);
        ActionProcess.Result r = action("gate").input("environment", "production")
                .event("push", resource("/events/push.json")).run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.outputs()).containsEntry("outcome", "error");
        assertThat(r.log().named("error")).singleElement().satisfies(e -> {
            assertThat(e.data()).contains("rollgate.yaml:5").contains("windoww");
            assertThat(e.property("file")).endsWith("rollgate.yaml");  // shown on the file in the pull request
            assertThat(e.property("line")).isEqualTo("5");
        });
    }

    @Test
    void anUnknownEnvironmentNamesTheKnownOnes() throws Exception {
        ActionProcess.Result r = action("gate").input("environment", "prdo")
                .event("push", resource("/events/push.json")).run();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.log().named("error")).singleElement().satisfies(e -> assertThat(e.data())
                .contains("environment 'prdo' is not in rollgate.yaml; known: production (aliases: prod)"));
    }

    @Test
    void outsideARunnerTheOutputsArePrintedAsJson() throws Exception {
        ActionProcess local = action("gate").input("environment", "prod").event("push", resource("/events/push.json"))
                .at(WEDNESDAY);
        local.env.remove("GITHUB_OUTPUT");
        local.env.remove("GITHUB_STEP_SUMMARY");
        local.env.remove("GITHUB_STATE");
        ActionProcess.Result r = local.run();
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.stdout()).contains("outputs (GITHUB_OUTPUT is not set): {\"should_deploy\":\"true\"")
                .doesNotContain("::set-output");
        assertThat(r.outputs()).isEmpty();
    }

    @Test
    void rollbackToANamedVersionThenStatus() throws Exception {
        ActionProcess.Result v1 = action("deploy").input("environment", "production").input("version", "v1")
                .event("workflow_dispatch", DISPATCH).at(WEDNESDAY).run();
        assertThat(v1.outputs()).containsEntry("outcome", "promoted");

        String rollback = "{\"inputs\":{\"deployment_environment\":\"production\",\"rollback_version\":\"v0\","
                + "\"deployment_reason\":\"v1 breaks refunds, back to v0\"}}";
        ActionProcess.Result back = action("deploy").event("workflow_dispatch", rollback).at(SATURDAY).run();
        assertThat(back.exitCode()).as(back.stdout()).isZero();
        assertThat(back.outputs()).containsEntry("deployment_type", "rollback").containsEntry("outcome", "rolled_back");
        assertThat(versionsServed()).containsExactly("v0");
        assertThat(deploymentStatuses().get(deploymentStatuses().size() - 1)).contains("\"state\":\"success\"");

        ActionProcess.Result status = action("status").input("environment", "production")
                .event("workflow_dispatch", DISPATCH).run();
        assertThat(status.exitCode()).isZero();
        assertThat(status.outputs()).containsEntry("outcome", "promoted");
        assertThat(status.outputs().get("status_json")).contains("\"stableVersion\" : \"v0\"");

        ActionProcess.Result noReason = action("rollback").event("workflow_dispatch", DISPATCH).at(SATURDAY).run();
        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(noReason.log().named("error")).singleElement().satisfies(e -> assertThat(e.property("title"))
                .isEqualTo("Rollgate: the rollback request was rejected"));
    }
}
