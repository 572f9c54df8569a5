package dev.rollgate.action;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kohsuke.github.GHDeployment;
import org.kohsuke.github.GHDeploymentState;
import org.kohsuke.github.GHDeploymentStatusBuilder;

/**
 * The run's deployment in GitHub's Deployments API: found or created once, then given statuses as the rollout
 * moves. Calls go through org.kohsuke:github-api 1.330 except {@code in_progress}, which it would misspell.
 */
public final class GitHubDeployments {

    /** GitHub's documented limit for a deployment status description. */
    static final int DESCRIPTION_LIMIT = 140;

    private static final int PAGE = 100;
    /** A bound on paging through one deployment's statuses. */
    private static final int MAX_PAGES = 10;
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

    private final GitHubConnection github;
    /** Deployments this object found or made, so a status needs no extra GET. */
    private final Map<Long, GHDeployment> known = new HashMap<>();

    private GitHubDeployments(GitHubConnection github) {
        this.github = Objects.requireNonNull(github, "github");
    }

    /**
     * @param apiUrl {@code GITHUB_API_URL} (may end in {@code /api/v3} on GHES)
     * @param token {@code GITHUB_TOKEN} or a PAT
     * @param repository {@code owner/name}
     */
    public static GitHubDeployments connect(URI apiUrl, String token, String repository) throws IOException {
        return new GitHubDeployments(GitHubConnection.connect(apiUrl, token, repository));
    }

    /** Deployments over a connection that is also used for other calls, such as {@link CommitChecks}. */
    public static GitHubDeployments on(GitHubConnection github) {
        return new GitHubDeployments(github);
    }

    public GitHubConnection connection() {
        return github;
    }

    /**
     * The deployment GitHub already made for this run's job environment (auto mode), else a new one. Never creates
     * a second deployment when the run already has one.
     */
    public GitHubDeployment attachOrCreate(String environment, String sha, long runId, String description)
            throws IOException {
        requireEnvironment(environment);
        requireSha(sha);
        if (runId <= 0) {
            throw new IllegalArgumentException("runId must be positive (GITHUB_RUN_ID), got " + runId);
        }
        Optional<GHDeployment> ours = findForRun(environment, sha, runId);
        if (ours.isPresent()) {
            known.put(ours.get().getId(), ours.get());
            return new GitHubDeployment(ours.get().getId(), GitHubDeployment.Origin.ATTACHED);
        }
        return create(environment, sha, description);
    }

    /**
     * The newest deployment of {@code sha} to {@code environment} that belongs to run {@code runId}.
     *
     * <p>What this relies on: for a job with {@code environment:}, GitHub creates the deployment itself (creator
     * {@code github-actions[bot]}, task {@code deploy}, payload {@code {}}) and posts its statuses ({@code queued} or
     * {@code waiting}, then {@code in_progress}) with {@code log_url}, and so {@code target_url}, set to the job's
     * page {@code https://github.com/OWNER/REPO/actions/runs/RUN_ID/job/JOB_ID}. The REST deployment object itself
     * names no run. This shape is not in GitHub's REST reference; it is what independent clients that look up a
     * run's environment deployment match on. Only the path {@code /actions/runs/RUN_ID} is compared, so a GHES host
     * matches too. A re-run attempt keeps the run id and gets a new deployment: the highest id wins.
     */
    Optional<GHDeployment> findForRun(String environment, String sha, long runId) throws IOException {
        GitHubConnection.Call list = new GitHubConnection.Call("list deployments", "GET",
                "/repos/" + github.repository() + "/deployments?sha=" + sha + "&environment=" + environment,
                "deployments: read");
        List<GHDeployment> deployments;
        try {
            deployments = github.repo().listDeployments(sha, null, null, environment).withPageSize(100).toList();
        } catch (IOException e) {
            throw list.failed(e, github.token());
        }
        GHDeployment best = null;
        for (GHDeployment deployment : deployments) {
            if ((best == null || deployment.getId() > best.getId()) && ranIn(deployment, runId)) {
                best = deployment;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Whether any status of the deployment links to the run. Read raw rather than through
     * {@code GHDeployment#listStatuses}: github-api parses {@code log_url} into a {@code URL} and throws on the empty
     * string GitHub returns for a status posted without one, and it cannot parse a state such as {@code waiting}.
     */
    private boolean ranIn(GHDeployment deployment, long runId) throws IOException {
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode statuses = github.get(new GitHubConnection.Call("list deployment statuses", "GET",
                    "/repos/" + github.repository() + "/deployments/" + deployment.getId() + "/statuses?per_page="
                            + PAGE + "&page=" + page,
                    "deployments: read"));
            for (JsonNode status : statuses) {
                if (GitHubConnection.inRun(status.path("log_url").asText(""), runId)
                        || GitHubConnection.inRun(status.path("target_url").asText(""), runId)) {
                    return true;
                }
            }
            if (statuses.size() < PAGE) {
                break;
            }
        }
        return false;
    }

    /**
     * Creates a deployment of {@code sha} to {@code environment}.
     *
     * <p>{@code auto_merge} is false: with true GitHub may first merge the default branch into the ref and answer
     * 202 with no deployment. {@code required_contexts} is empty: Rollgate's own CI gate has decided already.
     * {@code production_environment} is left to GitHub, whose documented default is exactly "true when the
     * environment is {@code production}, false otherwise"; {@code payload} is left to its default {@code {}}.
     */
    GitHubDeployment create(String environment, String sha, String description) throws IOException {
        requireEnvironment(environment);
        requireSha(sha);
        GitHubConnection.Call create = new GitHubConnection.Call("create deployment", "POST",
                "/repos/" + github.repository() + "/deployments", "deployments: write");
        var builder = github.repo().createDeployment(sha)
                .environment(environment)
                .autoMerge(false)
                .requiredContexts(List.of());
        if (description != null && !description.isBlank()) {
            builder.description(description);
        }
        GHDeployment deployment;
        try {
            deployment = builder.create();
        } catch (IOException e) {
            throw create.failed(e, github.token());
        } catch (NullPointerException e) {
            // github-api 1.330 reads no body from a 202 and then dereferences the missing deployment
            // (GitHubClient#shouldIgnoreBody, GHDeploymentBuilder#create). 202 is GitHub's "merged branch response".
            throw new IOException(create.describe() + " created no deployment: GitHub answered without one"
                    + " (HTTP 202: it merged the default branch into " + sha + " first)", e);
        }
        known.put(deployment.getId(), deployment);
        return new GitHubDeployment(deployment.getId(), GitHubDeployment.Origin.CREATED);
    }

    /**
     * Posts a status on the deployment. The description is cut to GitHub's 140 characters; {@code logUrl} (the
     * run's page) also becomes {@code target_url} on GitHub's side.
     */
    public void status(long deploymentId, DeploymentState state, String description,
                       Optional<URI> environmentUrl, URI logUrl) throws IOException {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(environmentUrl, "environmentUrl");
        Objects.requireNonNull(logUrl, "logUrl");
        if (deploymentId <= 0) {
            throw new IllegalArgumentException("deploymentId must be positive, got " + deploymentId);
        }
        Optional<String> text = Optional.ofNullable(description).filter(d -> !d.isBlank()).map(GitHubDeployments::cut);
        GitHubConnection.Call post = new GitHubConnection.Call("create deployment status '" + state.wireName() + "'",
                "POST", "/repos/" + github.repository() + "/deployments/" + deploymentId + "/statuses",
                "deployments: write");
        if (state == DeploymentState.IN_PROGRESS) {
            // github-api 1.330 would send "in-progress" (GitHubRequest#transformEnum); GitHub documents in_progress.
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("state", state.wireName());
            text.ifPresent(d -> body.put("description", d));
            environmentUrl.ifPresent(u -> body.put("environment_url", u.toString()));
            body.put("log_url", logUrl.toString());
            github.send(post, body);
            return;
        }
        GHDeploymentStatusBuilder builder = deployment(deploymentId).createStatus(hub4j(state));
        try {
            text.ifPresent(builder::description);
            environmentUrl.ifPresent(u -> builder.environmentUrl(u.toString()));
            builder.logUrl(logUrl.toString());
            builder.create();
        } catch (IOException e) {
            throw post.failed(e, github.token());
        }
    }

    private GHDeployment deployment(long id) throws IOException {
        GHDeployment deployment = known.get(id);
        if (deployment == null) {
            GitHubConnection.Call read = new GitHubConnection.Call("read deployment", "GET",
                    "/repos/" + github.repository() + "/deployments/" + id, "deployments: read");
            try {
                deployment = github.repo().getDeployment(id);
            } catch (IOException e) {
                throw read.failed(e, github.token());
            }
            known.put(id, deployment);
        }
        return deployment;
    }

    private static GHDeploymentState hub4j(DeploymentState state) {
        switch (state) {
            case QUEUED:
                return GHDeploymentState.QUEUED;
            case SUCCESS:
                return GHDeploymentState.SUCCESS;
            case FAILURE:
                return GHDeploymentState.FAILURE;
            case ERROR:
                return GHDeploymentState.ERROR;
            case INACTIVE:
                return GHDeploymentState.INACTIVE;
            default:
                throw new IllegalArgumentException(state + " is posted raw, not through github-api");
        }
    }

    /** At most 140 characters (code points, so no surrogate pair is split), ending in an ellipsis when cut. */
    static String cut(String description) {
        String d = description.strip();
        if (d.codePointCount(0, d.length()) <= DESCRIPTION_LIMIT) {
            return d;
        }
        return d.substring(0, d.offsetByCodePoints(0, DESCRIPTION_LIMIT - 1)) + "…";
    }

    private static void requireEnvironment(String environment) {
        if (environment == null || environment.isBlank()) {
            throw new IllegalArgumentException("environment is empty");
        }
    }

    private static void requireSha(String sha) {
        if (sha == null || !SHA.matcher(sha).matches()) {
            throw new IllegalArgumentException("sha must be a commit SHA (hex), got '" + sha + "'");
        }
    }
}
