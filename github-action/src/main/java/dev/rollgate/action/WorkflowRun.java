package dev.rollgate.action;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The workflow run this step belongs to, from the {@code GITHUB_*} variables the runner sets (a workflow cannot
 * override them): where the API is, which repository, and the run's page for links and deployment statuses.
 */
public record WorkflowRun(
        URI serverUrl,
        URI apiUrl,
        Optional<String> repository,
        long runId,
        Optional<String> job) {

    public static WorkflowRun from(Map<String, String> env) throws ActionException {
        return new WorkflowRun(
                uri(env, "GITHUB_SERVER_URL", "https://github.com"),
                uri(env, "GITHUB_API_URL", "https://api.github.com"),
                present(env.get("GITHUB_REPOSITORY")),
                runId(env),
                present(env.get("GITHUB_JOB")));
    }

    /** The run's page: the log a deployment status links to. */
    public Optional<URI> logUrl() {
        return repository.filter(r -> runId > 0)
                .map(r -> URI.create(stripSlash(serverUrl.toString()) + "/" + r + "/actions/runs/" + runId));
    }

    private static long runId(Map<String, String> env) throws ActionException {
        String v = env.getOrDefault("GITHUB_RUN_ID", "").strip();
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ActionException("GITHUB_RUN_ID: '" + v + "' is not a run id");
        }
    }

    private static URI uri(Map<String, String> env, String name, String fallback) throws ActionException {
        String v = present(env.get(name)).orElse(fallback);
        try {
            return URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new ActionException(name + ": '" + v + "' is not a URL");
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Optional<String> present(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
