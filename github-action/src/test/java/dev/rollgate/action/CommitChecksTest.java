package dev.rollgate.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.rollgate.model.CiStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WireMock stands in for api.github.com, because GitHub cannot be reached here. It serves a commit's combined
 * status and check runs shaped like GitHub's (src/test/resources/github/) and records the requests, so the tests
 * show what the CI gate concludes from what GitHub would say, and which calls it makes to find out.
 */
class CommitChecksTest {

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghs_Xq7vT2mR9pL4kW8nB3cJ6hF1dS5aG0eYzU";
    private static final String SHA = "7d1f6a2c9e4b8f03a5c2d9e1b6f4a8c3e2d5b9f0";
    /** The run this step belongs to; its "deploy" job is in the check runs, still in progress. */
    private static final long RUN = 16873125904L;
    private static final String REPO = "/repos/acme/shop";
    private static final String STATUS = REPO + "/commits/" + SHA + "/status";
    private static final String CHECKS = REPO + "/commits/" + SHA + "/check-runs";

    @Test
    void allGreenIsSuccessAndThisRunsOwnJobIsLeftOut() throws IOException {
        serve(STATUS, "combined-status-success.json");
        serve(CHECKS, "check-runs-green.json");

        CommitChecks.Result result = check();

        assertThat(result.status()).isEqualTo(CiStatus.SUCCESS);
        assertThat(result.details()).containsExactly(
                "status continuous-integration/jenkins: success — Build #812 succeeded",
                "check deploy: in_progress (this workflow run, ignored)",
                "check build: success",
                "check lint: neutral",
                "check docs: skipped");
        assertThat(requests()).containsExactly(
                "GET " + REPO,
                "GET " + STATUS + "?per_page=100&page=1",
                "GET " + CHECKS + "?per_page=100&page=1");
        assertThat(github.getAllServeEvents()).allSatisfy(e -> {
            assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("token " + TOKEN);
            assertThat(e.getRequest().getHeader("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(e.getRequest().getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"failure", "timed_out", "cancelled", "action_required", "stale"})
    void aCheckRunThatDidNotPassIsFailure(String conclusion) throws IOException {
        serve(STATUS, "combined-status-success.json");
        ObjectNode runs = (ObjectNode) JSON.readTree(fixture("check-runs-green.json"));
        ((ObjectNode) runs.get("check_runs").get(1)).put("conclusion", conclusion);
        serveBody(CHECKS, JSON.writeValueAsString(runs));

        CommitChecks.Result result = check();

        assertThat(result.status()).isEqualTo(CiStatus.FAILURE);
        assertThat(result.details()).contains("check build: " + conclusion);
    }

    @Test
    void aFailedCommitStatusIsFailure() throws IOException {
        serve(STATUS, "combined-status-error.json");
        serve(CHECKS, "check-runs-green.json");

        CommitChecks.Result result = check();

        assertThat(result.status()).isEqualTo(CiStatus.FAILURE);
        assertThat(result.details()).contains("status security/scan: error — Scanner could not start");
    }

    @Test
    void aCheckRunOfAnotherRunStillGoingIsPending() throws IOException {
        serve(STATUS, "combined-status-success.json");
        serve(CHECKS, "check-runs-running.json");

        CommitChecks.Result result = check();

        assertThat(result.status()).isEqualTo(CiStatus.PENDING);
        assertThat(result.details()).contains("check e2e: in_progress");
    }

    @Test
    void aPendingCommitStatusIsPending() throws IOException {
        serve(STATUS, "combined-status-pending.json");
        serve(CHECKS, "check-runs-green.json");

        assertThat(check().status()).isEqualTo(CiStatus.PENDING);
    }

    @Test
    void aFailureOutweighsWhatIsStillRunning() throws IOException {
        serve(STATUS, "combined-status-pending.json");
        serve(CHECKS, "check-runs-failed.json");

        CommitChecks.Result result = check();

        assertThat(result.status()).isEqualTo(CiStatus.FAILURE);
        assertThat(result.details()).contains("check unit tests: failure");
    }

    @Test
    void nothingButThisRunIsUnknownNotPending() throws IOException {
        // GitHub's combined state is "pending" when a commit has no statuses at all; that must not read as pending
        serve(STATUS, "combined-status-none.json");
        serve(CHECKS, "check-runs-only-this-run.json");

        CommitChecks.Result result = check();

        assertThat(result.status()).isEqualTo(CiStatus.UNKNOWN);
        assertThat(result.details()).containsExactly("check deploy: in_progress (this workflow run, ignored)");
    }

    @Test
    void checkRunsOnALaterPageCount() throws IOException {
        serve(STATUS, "combined-status-success.json");
        github.stubFor(get(urlPathEqualTo(CHECKS)).withQueryParam("page", equalTo("1"))
                .willReturn(json(fixture("check-runs-page-1.json"))));
        github.stubFor(get(urlPathEqualTo(CHECKS)).withQueryParam("page", equalTo("2"))
                .willReturn(json(fixture("check-runs-page-2.json"))));

        CommitChecks.Result result = check();

        assertThat(result.status()).isEqualTo(CiStatus.FAILURE);
        assertThat(result.details()).contains("check build: success", "check unit tests: failure");
        assertThat(requests()).containsExactly(
                "GET " + REPO,
                "GET " + STATUS + "?per_page=100&page=1",
                "GET " + CHECKS + "?per_page=100&page=1",
                "GET " + CHECKS + "?per_page=100&page=2");
    }

    @Test
    void aTokenWithoutChecksReadGetsAClearMessage() throws IOException {
        serve(STATUS, "combined-status-success.json");
        github.stubFor(get(urlPathEqualTo(CHECKS)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(fixture("error-403-integration.json"))));
        GitHubConnection connection = connect();

        assertThatThrownBy(() -> CommitChecks.of(connection, SHA, RUN))
                .isInstanceOf(IOException.class)
                .hasMessage("GitHub list check runs (GET " + CHECKS + "?per_page=100&page=1) failed: HTTP 403:"
                        + " Resource not accessible by integration (the token needs `checks: read` on this repository)")
                .message().doesNotContain(TOKEN);
    }

    // --- helpers ---

    private static CommitChecks.Result check() throws IOException {
        return CommitChecks.of(connect(), SHA, RUN);
    }

    private static GitHubConnection connect() throws IOException {
        github.stubFor(get(urlPathEqualTo(REPO)).willReturn(json(fixture("repo.json"))));
        return GitHubConnection.connect(URI.create("http://127.0.0.1:" + github.getPort()), TOKEN, "acme/shop");
    }

    private static void serve(String path, String file) {
        serveBody(path, fixture(file));
    }

    private static void serveBody(String path, String body) {
        github.stubFor(get(urlPathEqualTo(path)).willReturn(json(body)));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    private static String fixture(String name) {
        try (InputStream in = CommitChecksTest.class.getResourceAsStream("/github/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("https://api.github.com", "http://127.0.0.1:" + github.getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> requests() {
        List<String> all = github.getAllServeEvents().stream()
                .map(e -> e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl())
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.reverse(all);
        return all;
    }
}
