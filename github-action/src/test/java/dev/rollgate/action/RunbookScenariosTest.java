package dev.rollgate.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rollgate.target.local.LocalTarget;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbooks' scenarios end to end: {@code rollgate github-action} runs as its own process with the variables and
 * files the runner provides, deploys to the local target (real processes of the demo app) and talks to "GitHub"
 * (WireMock standing in for api.github.com, which cannot be reached from here; see {@link ActionTestBase}).
 */
class RunbookScenariosTest extends ActionTestBase {

    @Test
    void weekdayCiSuccessDeploys() throws Exception {
        ActionProcess.Result r = action("deploy").input("environment", "production")
                .event("workflow_run", resource("/events/workflow_run.json")).at(WEDNESDAY).run();

        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.outputs()).containsEntry("should_deploy", "true")
                .containsEntry("deployment_type", "automated_ci")
                .containsEntry("outcome", "promoted")
                .containsEntry("deployment_id", "2847569921");
        assertThat(rendered(r.summary())).contains("automated_ci").contains("Promoted")
                .contains("https://github.com/acme/shop/actions/runs/" + RUN_ID);
        assertThat(r.state()).containsEntry("rollout_open", "false");
        // The version the CI run built is the one deployed, not GITHUB_SHA.
        assertThat(r.outputs().get("status_json")).contains("acb5820ced9479c074f688cc328bf03f341a511d");

        List<LoggedRequest> created = github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
        assertThat(created).hasSize(1);
        assertThat(created.get(0).getBodyAsString()).contains("\"ref\":\"acb5820ced9479c074f688cc328bf03f341a511d\"")
                .contains("\"environment\":\"production\"").contains("\"auto_merge\":false");
        List<String> states = github.findAll(postRequestedFor(
                        urlPathEqualTo("/repos/acme/shop/deployments/2847569921/statuses"))).stream()
                .map(LoggedRequest::getBodyAsString).toList();
        assertThat(states).hasSize(2);
        assertThat(states.get(0)).contains("\"state\":\"in_progress\"");
        assertThat(states.get(1)).contains("\"state\":\"success\"")
                .contains("https://github.com/acme/shop/actions/runs/" + RUN_ID);
        // workflow_run carries its own CI result: the checks are not asked; the token never reaches the log.
        github.verify(0, getRequestedFor(urlPathMatching(".*/check-runs")));
        github.verify(0, getRequestedFor(urlPathEqualTo("/user")));
        assertThat(r.stdout()).startsWith("::add-mask::" + TOKEN + "\n");
        assertThat(r.stdout().split(TOKEN, -1)).hasSize(2);
        assertThat(r.summary()).doesNotContain(TOKEN);
        assertThat(String.join("\n", r.outputs().values())).doesNotContain(TOKEN);
    }

    @Test
    void weekendPushIsBlockedWithTheNextWindow() throws Exception {
        ActionProcess.Result r = action("gate").input("environment", "production")
                .event("push", resource("/events/push.json")).at(SATURDAY).run();

        assertThat(r.exitCode()).as(r.stdout()).isZero();  // a block is a decision, not a failure
        assertThat(r.outputs()).containsEntry("should_deploy", "false")
                .containsEntry("deployment_type", "none")
                .containsEntry("outcome", "blocked")
                .containsEntry("next_window", "2026-11-30T09:00Z");
        assertThat(r.outputs().get("decision_json")).contains("\"shouldDeploy\" : false");
        assertThat(rendered(r.summary())).contains("Next deployment window: Monday 09:00 UTC (2026-11-30T09:00:00Z");
        RunnerLog.Result log = r.log();
        assertThat(log.named("notice")).hasSize(1);
        assertThat(log.named("notice").get(0).data()).contains("outside").contains("2026-11-30");
        assertThat(log.named("error")).isEmpty();
        // The push's CI gate asked GitHub for the commit's checks; they were green.
        github.verify(1, getRequestedFor(urlPathEqualTo(
                "/repos/acme/shop/commits/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c/check-runs")));
        assertThat(r.outputs().get("decision_json")).contains("CI succeeded");
        // Nothing was deployed, so no deployment record either.
        github.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));

        ActionProcess.Result strict = action("gate").input("environment", "production")
                .input("fail_when_blocked", "true").event("push", resource("/events/push.json")).at(SATURDAY).run();
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.log().named("error")).hasSize(1);
        assertThat(strict.outputs()).containsEntry("should_deploy", "false");
    }

    @Test
    void weekendEmergencyDispatchWithAReasonDeploys() throws Exception {
        ActionProcess.Result r = action("deploy").input("github_deployment", "off")
                .event("workflow_dispatch", resource("/events/workflow_dispatch.json")).at(SATURDAY).run();

        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.outputs()).containsEntry("should_deploy", "true")
                .containsEntry("deployment_type", "emergency_manual")
                .containsEntry("outcome", "promoted")
                .doesNotContainKey("deployment_id");
        assertThat(rendered(r.summary())).contains("DEPLOY (emergency_manual)").contains("INC-4521");
        github.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
    }

    @Test
    void emergencyDispatchWithoutAReasonFailsWithAClearAnnotation() throws Exception {
        String noReason = "{\"inputs\":{\"deployment_environment\":\"production\",\"skip_tests\":\"true\","
                + "\"deployment_reason\":\"\"},\"ref\":\"refs/heads/main\"}";
        ActionProcess.Result r = action("deploy").event("workflow_dispatch", noReason).at(SATURDAY).run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.outputs()).containsEntry("should_deploy", "false").containsEntry("outcome", "blocked");
        List<RunnerLog.Command> errors = r.log().named("error");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).property("title")).isEqualTo("Rollgate: the emergency request was rejected");
        assertThat(errors.get(0).data()).contains("reason").contains("deployment_reason");
        github.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
        assertThat(workspace.resolve(".rollgate/state")).doesNotExist();  // nothing started
    }

    @Test
    void theWeeklyMaintenanceRunIsAllowedOnlyInItsWindow() throws Exception {
        ActionProcess.Result sunday = action("gate").input("environment", "production")
                .event("schedule", resource("/events/schedule.json")).at("2026-11-29T02:30:00Z").run();
        assertThat(sunday.exitCode()).as(sunday.stdout()).isZero();
        assertThat(sunday.outputs()).containsEntry("should_deploy", "true")
                .containsEntry("deployment_type", "scheduled").containsEntry("outcome", "allowed");
        // The commit of a schedule is the default branch's head: its checks are what CI means here.
        github.verify(1, getRequestedFor(urlPathEqualTo(
                "/repos/acme/shop/commits/ffac537e6cbbf934b08745a378932722df287a53/check-runs")));

        ActionProcess.Result late = action("gate").input("environment", "production")
                .event("schedule", resource("/events/schedule.json")).at("2026-11-29T04:00:00Z").run();
        assertThat(late.outputs()).containsEntry("should_deploy", "false")
                .containsEntry("next_window", "2026-11-30T09:00Z");  // the regular window opens first
    }

    @Test
    void gitHubDoubleSawOnlyDocumentedHeaders() throws Exception {
        action("gate").input("environment", "production").event("push", resource("/events/push.json"))
                .at(WEDNESDAY).run();
        LoggedRequest checks = github.findAll(getRequestedFor(urlPathMatching(".*/check-runs"))).get(0);
        assertThat(checks.getHeader("Authorization")).isEqualTo("token " + TOKEN);
        assertThat(checks.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        github.verify(getRequestedFor(urlPathMatching(".*/check-runs"))
                .withHeader("Accept", equalTo("application/vnd.github+json")));
    }
}
