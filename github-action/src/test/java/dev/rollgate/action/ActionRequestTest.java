package dev.rollgate.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.model.CiStatus;
import dev.rollgate.model.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs and event payloads (shaped like GitHub's webhooks, see src/test/resources/events) to a request. */
class ActionRequestTest {

    @TempDir
    Path dir;

    Map<String, String> env(String event, String payload, String... inputs) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_EVENT_NAME", event);
        Path file = dir.resolve("event.json");
        Files.writeString(file, payload);
        env.put("GITHUB_EVENT_PATH", file.toString());
        env.put("GITHUB_SHA", "ffac537e6cbbf934b08745a378932722df287a53");
        env.put("GITHUB_REF", "refs/heads/main");
        env.put("GITHUB_ACTOR", "hubot");
        for (int i = 0; i < inputs.length; i += 2) {
            env.put(ActionInputs.variable(inputs[i]), inputs[i + 1]);
        }
        return env;
    }

    static String resource(String name) throws Exception {
        return new String(ActionRequestTest.class.getResourceAsStream("/events/" + name).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    ActionRequest request(Map<String, String> env) throws Exception {
        return ActionRequest.of(ActionInputs.read(env), GitHubEvent.read(env));
    }

    @Test
    void dispatchInputsFillTheRequest() throws Exception {
        ActionRequest r = request(env("workflow_dispatch", resource("workflow_dispatch.json")));
        assertThat(r.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(r.environment()).isEqualTo("prod");  // the alias is resolved against the config later
        assertThat(r.reason()).contains("Payment provider outage: hotfix for checkout timeouts INC-4521");
        assertThat(r.skipTests()).isFalse();
        assertThat(r.actor()).isEqualTo("hubot");
        assertThat(r.commit()).contains("ffac537e6cbbf934b08745a378932722df287a53");
        assertThat(r.ref()).contains("refs/heads/main");
        assertThat(r.ciStatus()).isEmpty();
    }

    @Test
    void booleansArriveAsStringsOrJsonBooleans() throws Exception {
        String payload = "{\"inputs\":{\"deployment_environment\":\"staging\",\"skip_tests\":true,"
                + "\"emergency\":\"true\"},\"ref\":\"refs/heads/main\"}";
        ActionRequest r = request(env("workflow_dispatch", payload));
        assertThat(r.skipTests()).isTrue();
        assertThat(r.emergency()).isTrue();
        String no = "{\"inputs\":{\"deployment_environment\":\"staging\",\"skip_tests\":\"false\"}}";
        assertThat(request(env("workflow_dispatch", no)).skipTests()).isFalse();
    }

    @Test
    void explicitInputsWinOverDispatchInputs() throws Exception {
        ActionRequest r = request(env("workflow_dispatch", resource("workflow_dispatch.json"),
                "environment", "staging", "reason", "from the step", "skip_tests", "true", "emergency", "false"));
        assertThat(r.environment()).isEqualTo("staging");
        assertThat(r.reason()).contains("from the step");
        assertThat(r.skipTests()).isTrue();
        assertThat(r.emergency()).isFalse();
    }

    @Test
    void workflowRunDeploysTheUpstreamCommitWithItsConclusionAsCi() throws Exception {
        ActionRequest r = request(env("workflow_run", resource("workflow_run.json"), "environment", "production"));
        assertThat(r.trigger()).isEqualTo(Trigger.CI_SUCCESS);
        assertThat(r.commit()).contains("acb5820ced9479c074f688cc328bf03f341a511d");  // not GITHUB_SHA
        assertThat(r.version()).contains("acb5820ced9479c074f688cc328bf03f341a511d");
        assertThat(r.ref()).contains("refs/heads/main");
        assertThat(r.ciStatus()).contains(CiStatus.SUCCESS);
        assertThat(r.actor()).isEqualTo("octocat");

        String failed = resource("workflow_run.json").replace("\"conclusion\": \"success\"", "\"conclusion\": \"failure\"");
        assertThat(request(env("workflow_run", failed, "environment", "production")).ciStatus())
                .contains(CiStatus.FAILURE);
        assertThat(ActionRequest.ciStatus("timed_out")).isEqualTo(CiStatus.FAILURE);
        assertThat(ActionRequest.ciStatus("in_progress")).isEqualTo(CiStatus.PENDING);
        assertThat(ActionRequest.ciStatus("skipped")).isEqualTo(CiStatus.UNKNOWN);
    }

    @Test
    void aPullRequestOrAForkNeverDeploysThroughWorkflowRun() throws Exception {
        String pr = resource("workflow_run.json").replace("\"event\": \"push\"", "\"event\": \"pull_request\"");
        assertThatThrownBy(() -> request(env("workflow_run", pr, "environment", "production")))
                .hasMessageContaining("triggered by pull_request: a pull request's commit cannot deploy");
        String fork = resource("workflow_run.json").replace("\"head_repository\": { \"id\": 17273051, \"name\": "
                + "\"payments-api\", \"full_name\": \"octo-org/payments-api\" }",
                "\"head_repository\": { \"id\": 99, \"name\": \"payments-api\", \"full_name\": \"mallory/payments-api\" }");
        assertThat(fork).contains("mallory");
        assertThatThrownBy(() -> request(env("workflow_run", fork, "environment", "production")))
                .hasMessageContaining("another repository (a fork)");
    }

    @Test
    void pushOfABranchOrATag() throws Exception {
        ActionRequest push = request(env("push", resource("push.json"), "environment", "production"));
        assertThat(push.trigger()).isEqualTo(Trigger.PUSH);
        assertThat(push.commit()).contains("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
        assertThat(push.actor()).isEqualTo("octocat");

        String tag = resource("push.json").replace("\"ref\": \"refs/heads/main\"", "\"ref\": \"refs/tags/v1.4.0\"");
        ActionRequest t = request(env("push", tag, "environment", "production"));
        assertThat(t.trigger()).isEqualTo(Trigger.TAG);
        assertThat(t.ref()).contains("refs/tags/v1.4.0");
    }

    @Test
    void aDeletedRefIsNothingToDeploy() throws Exception {
        String deleted = resource("push.json").replace("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                "0000000000000000000000000000000000000000").replace("\"deleted\": false", "\"deleted\": true");
        assertThatThrownBy(() -> request(env("push", deleted, "environment", "production")))
                .hasMessageContaining("deleted refs/heads/main");
    }

    @Test
    void scheduleUsesTheDefaultBranchHead() throws Exception {
        ActionRequest r = request(env("schedule", resource("schedule.json"), "environment", "production"));
        assertThat(r.trigger()).isEqualTo(Trigger.SCHEDULE);
        assertThat(r.commit()).contains("ffac537e6cbbf934b08745a378932722df287a53");
    }

    @Test
    void rollbackVersionMakesARollback() throws Exception {
        String payload = "{\"inputs\":{\"deployment_environment\":\"production\",\"rollback_version\":\"1.4.2\","
                + "\"deployment_reason\":\"p99 regression after 1.5.0\"}}";
        ActionRequest r = request(env("workflow_dispatch", payload, "command", "deploy"));
        assertThat(r.command()).isEqualTo(ActionCommand.ROLLBACK);
        assertThat(r.trigger()).isEqualTo(Trigger.ROLLBACK);
        assertThat(r.version()).contains("1.4.2");

        ActionRequest previous = request(env("workflow_dispatch",
                "{\"inputs\":{\"deployment_environment\":\"production\"}}", "command", "rollback"));
        assertThat(previous.version()).isEmpty();  // the previous stable version, from the ledger
    }

    @Test
    void badInputsNameTheInput() throws Exception {
        assertThatThrownBy(() -> request(env("push", resource("push.json"), "environment", "production",
                "skip_tests", "yes")))
                .hasMessage("input skip_tests: 'yes' is not a boolean; write true or false");
        assertThatThrownBy(() -> request(env("push", resource("push.json"), "environment", "production",
                "command", "ship")))
                .hasMessage("input command: 'ship' is not one of gate, deploy, rollback, promote, abort, status");
        assertThatThrownBy(() -> request(env("push", resource("push.json"))))
                .hasMessageContaining("input environment is empty");
        assertThatThrownBy(() -> request(env("workflow_dispatch", "{\"inputs\":{}}")))
                .hasMessageContaining("the dispatch has no deployment_environment input");
        assertThatThrownBy(() -> request(env("workflow_dispatch",
                "{\"inputs\":{\"deployment_environment\":\"staging\",\"skip_tests\":\"maybe\"}}")))
                .hasMessageContaining("dispatch input skip_tests: 'maybe' is not a boolean");
        assertThatThrownBy(() -> request(env("pull_request_target", "{}", "environment", "production")))
                .hasMessageContaining("event pull_request_target cannot trigger a deployment");
        assertThatThrownBy(() -> request(env("push", "not json", "environment", "production")))
                .hasMessageContaining("not a JSON event payload");
        assertThatThrownBy(() -> request(env("push", resource("push.json"), "environment", "production",
                "wait_lock", "soon")))
                .hasMessageStartingWith("input wait_lock: ");
        assertThatThrownBy(() -> request(env("push", resource("push.json"), "environment", "production",
                "environment_url", "javascript:alert(1)")))
                .hasMessageContaining("input environment_url");
    }

    @Test
    void inputVariablesKeepTheRunnersSpelling() throws Exception {
        assertThat(ActionInputs.variable("skip_tests")).isEqualTo("INPUT_SKIP_TESTS");
        assertThat(ActionInputs.variable("github-token")).isEqualTo("INPUT_GITHUB-TOKEN");  // hyphens stay
        Map<String, String> env = env("push", resource("push.json"), "environment", " production ");
        ActionInputs in = ActionInputs.read(env);
        assertThat(in.environment()).contains("production");  // trimmed, as @actions/core does
        assertThat(in.command()).isEqualTo(ActionCommand.GATE);
        assertThat(in.githubDeployment()).isEqualTo(DeploymentMode.AUTO);
        assertThat(in.failWhenBlocked()).isFalse();
        assertThat(in.emergency()).isEqualTo(Optional.empty());
    }
}
