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
 * What the action's process tests share: a workspace with a policy whose production environment deploys the demo
 * app on the local target (a fixed free port for its router), and WireMock standing in for api.github.com — which
 * cannot be reached from here — serving responses shaped like GitHub's (src/test/resources/github) and recording
 * the requests the tests assert.
 */
abstract class ActionTestBase {

    static final String WEDNESDAY = "2026-11-25T10:00:00Z";
    static final String SATURDAY = "2026-11-28T14:30:00Z";
    static final String RUN_ID = "16873125904";
    static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

    static WireMockServer github;

    @TempDir
    Path workspace;
    @TempDir
    Path files;
    int port;

    @BeforeAll
    static void startGitHub() throws Exception {
        github = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        github.start();
    }

    @AfterAll
    static void stopGitHub() {
        github.stop();
    }

    @BeforeEach
    void stubGitHub() throws Exception {
        github.resetAll();
        stub(get(urlPathEqualTo("/repos/acme/shop")), 200, "repo.json");
        stub(get(urlPathEqualTo("/repos/acme/shop/deployments")), 200, null);
        stub(post(urlPathEqualTo("/repos/acme/shop/deployments")), 201, "deployment-created.json");
        stub(get(urlPathEqualTo("/repos/acme/shop/deployments/2847569921")), 200, "deployment-created.json");
        stub(post(urlPathMatching("/repos/acme/shop/deployments/2847569921/statuses")), 201,
                "deployment-status-created.json");
        stub(get(urlPathMatching("/repos/acme/shop/commits/[0-9a-f]+/status")), 200, "combined-status-success.json");
        stub(get(urlPathMatching("/repos/acme/shop/commits/[0-9a-f]+/check-runs")), 200, "check-runs-green.json");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path app = Path.of("..", "examples", "local", "demo", "DemoApp.java").toAbsolutePath().normalize();
        Files.writeString(workspace.resolve("rollgate.yaml"), """
                service: shop
                defaults:
                  gates:
                    ci: { required: true }
                environments:
                  production:
                    aliases: [prod]
                    triggers: [manual, push, tag, ci_success, schedule]
                    branches: [main]
                    tags: ["v*"]
                    gates:
                      window: { timezone: UTC, days: [MON, TUE, WED, THU, FRI], hours: "09:00-18:00" }
                      maintenance: { timezone: UTC, days: [SUN], hours: "02:00-03:00" }
                      emergency: { allowed: true, minReasonLength: 20 }
                    rollout:
                      local:
                        # A version named *-slow never starts: an abort then meets instances still starting.
                        command: "case {version} in *-slow) exec sleep 600;; esac; exec java %s --port {port} --version {version}"
                        listen: 127.0.0.1:%d
                      healthCheck: { path: /health, interval: 250ms, timeout: 2s, failureThreshold: 80 }
                      strategy:
                        canary:
                          steps:
                            - setWeight: 50
                            - pause: { duration: 5m }
                """.formatted(app, port));
    }

    @AfterEach
    void stopLocalTarget() throws Exception {
        LocalTarget.shutdown(LocalTarget.directory(workspace.resolve(".rollgate"), "shop", "production",
                Optional.empty()));
    }

    static void stub(com.github.tomakehurst.wiremock.client.MappingBuilder request, int status, String file)
            throws Exception {
        String body = file == null ? "[]" : resource("/github/" + file);
        github.stubFor(request.willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
    }

    static String resource(String name) throws Exception {
        return new String(RunbookScenariosTest.class.getResourceAsStream(name).readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The summary as a reader sees it: Markdown's backslash escapes removed. */
    static String rendered(String markdown) {
        return markdown.replaceAll("\\\\(.)", "$1");
    }

    ActionProcess action(String command) {
        ActionProcess p = new ActionProcess(workspace, files);
        p.env.put("GITHUB_REPOSITORY", "acme/shop");
        p.env.put("GITHUB_RUN_ID", RUN_ID);
        p.env.put("GITHUB_API_URL", "http://127.0.0.1:" + github.port());
        p.input("github_token", TOKEN).input("command", command).input("config", "rollgate.yaml");
        return p;
    }

}
