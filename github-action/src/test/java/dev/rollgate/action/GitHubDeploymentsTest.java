package dev.rollgate.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WireMock stands in for api.github.com, because GitHub cannot be reached here. It serves responses shaped like
 * GitHub's (src/test/resources/github/, with GitHub's API host replaced by WireMock's address, as GitHub's own
 * absolute URLs such as {@code statuses_url} point back at the API) and records every request, so the tests assert
 * the exact calls, headers and JSON bodies that would reach GitHub.
 */
class GitHubDeploymentsTest {

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghs_Xq7vT2mR9pL4kW8nB3cJ6hF1dS5aG0eYzU";
    private static final String SHA = "7d1f6a2c9e4b8f03a5c2d9e1b6f4a8c3e2d5b9f0";
    private static final long RUN = 16873125904L;
    private static final long DEPLOYMENT_OF_THIS_RUN = 2847561093L;
    private static final long DEPLOYMENT_OF_EARLIER_RUN = 2847433310L;
    private static final long CREATED = 2847569921L;
    private static final String REPO = "/repos/acme/shop";
    private static final String LIST = REPO + "/deployments?sha=" + SHA + "&environment=staging&per_page=100";
    private static final URI LOG = URI.create("https://github.com/acme/shop/actions/runs/" + RUN);
    private static final URI SITE = URI.create("https://staging.shop.acme.example");

    @Test
    void attachesToTheDeploymentGitHubMadeForThisRunsJobEnvironment() throws IOException {
        serveRepository("");
        serveList("deployments-this-run.json");
        serve("GET", REPO + "/deployments/" + DEPLOYMENT_OF_THIS_RUN + "/statuses", 200, "statuses-this-run.json");
        serve("GET", REPO + "/deployments/" + DEPLOYMENT_OF_EARLIER_RUN + "/statuses", 200, "statuses-other-run.json");

        serve("POST", REPO + "/deployments/" + DEPLOYMENT_OF_THIS_RUN + "/statuses", 201, "deployment-status-created.json");

        GitHubDeployments deployments = connect("");
        GitHubDeployment deployment = deployments.attachOrCreate("staging", SHA, RUN, "Rollgate: shop 1.4.2");
        deployments.status(deployment.id(), DeploymentState.SUCCESS, "Rollgate: promoted", Optional.of(SITE), LOG);

        assertThat(deployment).isEqualTo(new GitHubDeployment(DEPLOYMENT_OF_THIS_RUN, GitHubDeployment.Origin.ATTACHED));
        // the newer deployment matched, so the earlier run's statuses are never read; nothing is created
        assertThat(requests()).containsExactly(
                "GET " + REPO,
                "GET " + LIST,
                "GET " + REPO + "/deployments/" + DEPLOYMENT_OF_THIS_RUN + "/statuses?per_page=100&page=1",
                "POST " + REPO + "/deployments/" + DEPLOYMENT_OF_THIS_RUN + "/statuses");
        assertGitHubHeaders();
    }

    @Test
    void createsOneWhenTheCommitsDeploymentsBelongToOtherRuns() throws IOException {
        serveRepository("");
        serveList("deployments-other-run.json");
        serve("GET", REPO + "/deployments/" + DEPLOYMENT_OF_EARLIER_RUN + "/statuses", 200, "statuses-other-run.json");
        serve("POST", REPO + "/deployments", 201, "deployment-created.json");

        GitHubDeployment deployment = connect("").attachOrCreate("staging", SHA, RUN, "Rollgate: shop 1.4.2 to staging");

        assertThat(deployment).isEqualTo(new GitHubDeployment(CREATED, GitHubDeployment.Origin.CREATED));
        assertThat(requests()).containsExactly(
                "GET " + REPO,
                "GET " + LIST,
                "GET " + REPO + "/deployments/" + DEPLOYMENT_OF_EARLIER_RUN + "/statuses?per_page=100&page=1",
                "POST " + REPO + "/deployments");
        assertThat(body("POST", REPO + "/deployments")).isEqualTo(json("{"
                + "\"ref\":\"" + SHA + "\",\"environment\":\"staging\","
                + "\"description\":\"Rollgate: shop 1.4.2 to staging\","
                + "\"auto_merge\":false,\"required_contexts\":[]}"));
        assertGitHubHeaders();
    }

    @Test
    void statusesWithoutLinksDoNotBreakTheSearch() throws IOException {
        // a deployment a script made, whose statuses were posted without log_url: GitHub returns empty strings
        serveRepository("");
        serveList("deployments-other-run.json");
        ArrayNode statuses = (ArrayNode) JSON.readTree(fixture("statuses-other-run.json", ""));
        statuses.forEach(s -> ((ObjectNode) s).put("log_url", "").put("target_url", "").put("state", "waiting"));
        github.stubFor(get(urlPathEqualTo(REPO + "/deployments/" + DEPLOYMENT_OF_EARLIER_RUN + "/statuses"))
                .willReturn(okJson(JSON.writeValueAsString(statuses))));
        serve("POST", REPO + "/deployments", 201, "deployment-created.json");

        GitHubDeployment deployment = connect("").attachOrCreate("staging", SHA, RUN, "d");

        assertThat(deployment).isEqualTo(new GitHubDeployment(CREATED, GitHubDeployment.Origin.CREATED));
    }

    @Test
    void createsOneWhenTheCommitHasNoDeploymentAndThenPostsStatusesWithoutReadingItBack() throws IOException {
        serveRepository("");
        github.stubFor(get(urlPathEqualTo(REPO + "/deployments")).willReturn(okJson("[]")));
        serve("POST", REPO + "/deployments", 201, "deployment-created.json");
        serve("POST", REPO + "/deployments/" + CREATED + "/statuses", 201, "deployment-status-created.json");

        GitHubDeployments deployments = connect("");
        GitHubDeployment deployment = deployments.attachOrCreate("staging", SHA, RUN, null);
        deployments.status(deployment.id(), DeploymentState.SUCCESS, "Rollgate: promoted", Optional.of(SITE), LOG);

        assertThat(deployment.origin()).isEqualTo(GitHubDeployment.Origin.CREATED);
        assertThat(requests()).containsExactly(
                "GET " + REPO,
                "GET " + LIST,
                "POST " + REPO + "/deployments",
                "POST " + REPO + "/deployments/" + CREATED + "/statuses");
        assertThat(body("POST", REPO + "/deployments")).isEqualTo(json("{"
                + "\"ref\":\"" + SHA + "\",\"environment\":\"staging\",\"auto_merge\":false,\"required_contexts\":[]}"));
    }

    @Test
    void inProgressIsSentAsGitHubSpellsIt() throws IOException {
        serveRepository("");
        String path = REPO + "/deployments/" + DEPLOYMENT_OF_THIS_RUN + "/statuses";
        serve("POST", path, 201, "deployment-status-created.json");

        connect("").status(DEPLOYMENT_OF_THIS_RUN, DeploymentState.IN_PROGRESS, "Rollgate: canary 10%",
                Optional.of(SITE), LOG);

        assertThat(requests()).containsExactly("GET " + REPO, "POST " + path);
        assertThat(body("POST", path)).isEqualTo(json("{\"state\":\"in_progress\","
                + "\"description\":\"Rollgate: canary 10%\","
                + "\"environment_url\":\"" + SITE + "\",\"log_url\":\"" + LOG + "\"}"));
        LoggedRequest raw = request("POST", path);
        assertThat(raw.getHeader("Content-Type")).startsWith("application/json");
        assertGitHubHeaders();
    }

    @ParameterizedTest
    @EnumSource(value = DeploymentState.class, names = "IN_PROGRESS", mode = EnumSource.Mode.EXCLUDE)
    void otherStatesGoThroughGithubApiWithGitHubsSpelling(DeploymentState state) throws IOException {
        serveRepository("");
        serve("GET", REPO + "/deployments/" + CREATED, 200, "deployment-created.json");
        String path = REPO + "/deployments/" + CREATED + "/statuses";
        serve("POST", path, 201, "deployment-status-created.json");

        connect("").status(CREATED, state, "Rollgate: " + state.wireName(), Optional.empty(), LOG);

        // the deployment was not found or made by this object: github-api reads it once to post on it
        assertThat(requests()).containsExactly("GET " + REPO, "GET " + REPO + "/deployments/" + CREATED, "POST " + path);
        assertThat(body("POST", path)).isEqualTo(json("{\"state\":\"" + state.wireName() + "\","
                + "\"description\":\"Rollgate: " + state.wireName() + "\",\"log_url\":\"" + LOG + "\"}"));
        assertGitHubHeaders();
    }

    @ParameterizedTest
    @EnumSource(value = DeploymentState.class, names = {"IN_PROGRESS", "FAILURE"})
    void descriptionIsCutToGitHubsLimitOf140Characters(DeploymentState state) throws IOException {
        serveRepository("");
        serve("GET", REPO + "/deployments/" + CREATED, 200, "deployment-created.json");
        String path = REPO + "/deployments/" + CREATED + "/statuses";
        serve("POST", path, 201, "deployment-status-created.json");
        String longText = "Analysis 'error-rate' failed: " + "5xx ratio 0.071 above 0.05; ".repeat(10);

        connect("").status(CREATED, state, longText, Optional.of(SITE), LOG);

        String sent = body("POST", path).get("description").asText();
        assertThat(sent.codePointCount(0, sent.length())).isEqualTo(140);
        assertThat(sent).startsWith("Analysis 'error-rate' failed: 5xx ratio 0.071 above 0.05;").endsWith("…");
    }

    @Test
    void aRejectedCreateNamesTheCallTheStatusAndGitHubsMessageButNotTheToken() throws IOException {
        serveRepository("");
        github.stubFor(get(urlPathEqualTo(REPO + "/deployments")).willReturn(okJson("[]")));
        serve("POST", REPO + "/deployments", 422, "error-422-no-ref.json");

        GitHubDeployments deployments = connect("");

        assertThatThrownBy(() -> deployments.attachOrCreate("staging", SHA, RUN, "x"))
                .isInstanceOf(IOException.class)
                .hasMessage("GitHub create deployment (POST /repos/acme/shop/deployments) failed: HTTP 422: "
                        + "No ref found for: " + SHA)
                .message().doesNotContain(TOKEN);
    }

    @Test
    void aConflictListsGitHubsErrors() throws IOException {
        serveRepository("");
        github.stubFor(get(urlPathEqualTo(REPO + "/deployments")).willReturn(okJson("[]")));
        serve("POST", REPO + "/deployments", 409, "error-409-checks.json");

        GitHubDeployments deployments = connect("");

        assertThatThrownBy(() -> deployments.attachOrCreate("staging", SHA, RUN, "x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed: HTTP 409: Conflict: Commit status checks failed for main."
                        + " (required_contexts invalid)");
    }

    @ParameterizedTest
    @EnumSource(value = DeploymentState.class, names = {"IN_PROGRESS", "SUCCESS"})
    void aForbiddenStatusSaysWhichPermissionIsMissing(DeploymentState state) throws IOException {
        serveRepository("");
        serve("GET", REPO + "/deployments/" + CREATED, 200, "deployment-created.json");
        String path = REPO + "/deployments/" + CREATED + "/statuses";
        serve("POST", path, 403, "error-403-integration.json");

        GitHubDeployments deployments = connect("");

        assertThatThrownBy(() -> deployments.status(CREATED, state, "d", Optional.empty(), LOG))
                .isInstanceOf(IOException.class)
                .hasMessage("GitHub create deployment status '" + state.wireName() + "' (POST " + path
                        + ") failed: HTTP 403: Resource not accessible by integration"
                        + " (the token needs `deployments: write` on this repository)")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void aStatusForADeploymentThatDoesNotExistSaysSo() throws IOException {
        serveRepository("");
        serve("GET", REPO + "/deployments/99", 404, "error-404.json");

        GitHubDeployments deployments = connect("");

        assertThatThrownBy(() -> deployments.status(99, DeploymentState.SUCCESS, "d", Optional.empty(), LOG))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("GitHub read deployment (GET /repos/acme/shop/deployments/99) failed: HTTP 404: Not Found");
        assertThat(requests()).containsExactly("GET " + REPO, "GET " + REPO + "/deployments/99");
    }

    @Test
    void anUnknownRepositoryFailsAtConnect() {
        serve("GET", REPO, 404, "error-404.json");

        assertThatThrownBy(() -> connect(""))
                .isInstanceOf(IOException.class)
                .hasMessage("GitHub read repository (GET /repos/acme/shop) failed: HTTP 404: Not Found"
                        + " (the token needs `metadata: read` on this repository)");
        assertThat(requests()).containsExactly("GET " + REPO);
    }

    @Test
    void anAutoMergeAnswerWithoutADeploymentIsAClearErrorNotANullPointer() throws IOException {
        serveRepository("");
        github.stubFor(get(urlPathEqualTo(REPO + "/deployments")).willReturn(okJson("[]")));
        serve("POST", REPO + "/deployments", 202, "merged-branch-202.json");

        GitHubDeployments deployments = connect("");

        assertThatThrownBy(() -> deployments.attachOrCreate("staging", SHA, RUN, "x"))
                .isExactlyInstanceOf(IOException.class)
                .hasMessageStartingWith("GitHub create deployment (POST /repos/acme/shop/deployments) created no deployment")
                .hasMessageContaining("HTTP 202");
    }

    @Test
    void onGitHubEnterpriseServerEveryCallGoesUnderApiV3() throws IOException {
        serveRepository("/api/v3");
        github.stubFor(get(urlPathEqualTo("/api/v3" + REPO + "/deployments")).willReturn(okJson("[]")));
        serve("POST", "/api/v3" + REPO + "/deployments", 201, "deployment-created.json");
        serve("POST", "/api/v3" + REPO + "/deployments/" + CREATED + "/statuses", 201, "deployment-status-created.json");

        GitHubDeployments deployments = connect("/api/v3/");
        GitHubDeployment deployment = deployments.attachOrCreate("staging", SHA, RUN, "d");
        deployments.status(deployment.id(), DeploymentState.IN_PROGRESS, "d", Optional.empty(), LOG);

        assertThat(requests()).containsExactly(
                "GET /api/v3" + REPO,
                "GET /api/v3" + LIST,
                "POST /api/v3" + REPO + "/deployments",
                "POST /api/v3" + REPO + "/deployments/" + CREATED + "/statuses");
        assertGitHubHeaders();
    }

    @Test
    void aRunIdMatchesOnlyWholePathSegments() {
        String job = "https://github.com/acme/shop/actions/runs/" + RUN + "/job/47810364512";
        assertThat(GitHubConnection.inRun(job, RUN)).isTrue();
        assertThat(GitHubConnection.inRun("https://ghe.acme.example/acme/shop/actions/runs/" + RUN, RUN)).isTrue();
        assertThat(GitHubConnection.inRun("https://github.com/acme/shop/actions/runs/" + RUN + "?check_suite_focus=true", RUN)).isTrue();
        assertThat(GitHubConnection.inRun(job, RUN / 10)).isFalse();
        assertThat(GitHubConnection.inRun("https://github.com/acme/shop/actions/runs/" + RUN + "0/job/1", RUN)).isFalse();
        assertThat(GitHubConnection.inRun("", RUN)).isFalse();
    }

    @Test
    void inputsAreCheckedBeforeAnyCall() throws IOException {
        assertThatThrownBy(() -> GitHubDeployments.connect(base(""), TOKEN, "shop"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner/name");
        assertThatThrownBy(() -> GitHubDeployments.connect(base(""), " ", "acme/shop"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token is empty");
        assertThat(requests()).isEmpty();

        serveRepository("");
        GitHubDeployments deployments = connect("");
        assertThatThrownBy(() -> deployments.attachOrCreate("staging", "main", RUN, "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha must be a commit SHA");
        assertThat(requests()).containsExactly("GET " + REPO);
    }

    // --- helpers ---

    private static GitHubDeployments connect(String prefix) throws IOException {
        return GitHubDeployments.connect(base(prefix), TOKEN, "acme/shop");
    }

    private static URI base(String prefix) {
        return URI.create("http://127.0.0.1:" + github.getPort() + prefix);
    }

    private static void serveRepository(String prefix) {
        github.stubFor(get(urlPathEqualTo(prefix + REPO)).willReturn(okJson(fixture("repo.json", prefix))));
    }

    private static void serveList(String file) {
        github.stubFor(get(urlPathEqualTo(REPO + "/deployments")).willReturn(okJson(fixture(file, ""))));
    }

    private static void serve(String method, String path, int status, String file) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(fixture(file, path.startsWith("/api/v3") ? "/api/v3" : ""));
        github.stubFor(("GET".equals(method) ? get(urlPathEqualTo(path)) : post(urlPathEqualTo(path))).willReturn(response));
    }

    private static ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    /** A GitHub-shaped response, its absolute API URLs pointing at WireMock as GitHub's point at GitHub. */
    static String fixture(String name, String prefix) {
        try (InputStream in = GitHubDeploymentsTest.class.getResourceAsStream("/github/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("https://api.github.com", "http://127.0.0.1:" + github.getPort() + prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every request WireMock received, oldest first, as "METHOD /path?query". */
    private static List<String> requests() {
        List<String> all = github.getAllServeEvents().stream()
                .map(e -> e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl())
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.reverse(all);
        return all;
    }

    private static LoggedRequest request(String method, String path) {
        return github.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError("no " + method + " " + path + " in " + requests()));
    }

    private static JsonNode body(String method, String path) throws IOException {
        return JSON.readTree(request(method, path).getBodyAsString());
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** What github-api sends, and the raw calls copy: an installation token, GitHub's media type, the API version. */
    private static void assertGitHubHeaders() {
        assertThat(github.getAllServeEvents()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("token " + TOKEN);
            assertThat(e.getRequest().getHeader("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(e.getRequest().getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        });
        assertThat(requests()).noneMatch(r -> r.contains("/user"));
    }
}
