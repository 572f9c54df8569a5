package dev.rollgate.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollgate.model.CiStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CI gate's input on {@code push}: what GitHub knows about a commit's CI, from its commit statuses (the combined
 * status) and its check runs (how GitHub Actions jobs report). Check runs of the current workflow run are left out:
 * they include this very job, still in progress, and would hold the gate at pending for ever.
 */
public final class CommitChecks {

    /**
     * @param status failure if anything failed, else pending if anything is still running, else success if anything
     *     reported at all; unknown when the commit has no statuses and no other check runs
     * @param details one line per status context and check run, with its state, for the job summary
     */
    public record Result(CiStatus status, List<String> details) {
        public Result {
            Objects.requireNonNull(status, "status");
            details = List.copyOf(details);
        }
    }

    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final Set<String> FAILED = Set.of("failure", "timed_out", "cancelled", "action_required", "stale");
    private static final Set<String> PASSED = Set.of("success", "neutral", "skipped");
    private static final int PAGE = 100;
    /** A bound on paging: 10 pages of 100 is far more than any commit carries. */
    private static final int MAX_PAGES = 10;

    private CommitChecks() {
    }

    /**
     * Reads {@code GET /repos/{o}/{r}/commits/{sha}/status} (a raw call: github-api 1.330 has none) and
     * {@code GET /repos/{o}/{r}/commits/{sha}/check-runs}. Needs {@code statuses: read} and {@code checks: read}.
     *
     * @param currentRunId {@code GITHUB_RUN_ID}: check runs whose page is under {@code /actions/runs/<id>/} are ignored
     */
    public static Result of(GitHubConnection github, String sha, long currentRunId) throws IOException {
        Objects.requireNonNull(github, "github");
        if (sha == null || !SHA.matcher(sha).matches()) {
            throw new IllegalArgumentException("sha must be a commit SHA (hex), got '" + sha + "'");
        }
        List<String> details = new ArrayList<>();
        List<CiStatus> seen = new ArrayList<>();
        for (JsonNode status : statuses(github, sha)) {
            String context = status.path("context").asText("?");
            String state = status.path("state").asText("");
            CiStatus mapped = ofStatus(state);
            seen.add(mapped);
            details.add("status " + context + ": " + state + describe(status.path("description").asText("")));
        }
        for (JsonNode run : checkRuns(github, sha)) {
            String name = run.path("name").asText("?");
            String status = run.path("status").asText("");
            String conclusion = run.path("conclusion").asText("");
            String shown = "completed".equals(status) ? conclusion : status;
            if (ofRun(run, currentRunId)) {
                details.add("check " + name + ": " + shown + " (this workflow run, ignored)");
                continue;
            }
            seen.add(ofCheck(status, conclusion));
            details.add("check " + name + ": " + shown);
        }
        return new Result(combine(seen), details);
    }

    private static CiStatus combine(List<CiStatus> seen) {
        if (seen.isEmpty()) {
            return CiStatus.UNKNOWN;
        }
        if (seen.contains(CiStatus.FAILURE)) {
            return CiStatus.FAILURE;
        }
        if (seen.contains(CiStatus.PENDING)) {
            return CiStatus.PENDING;
        }
        return CiStatus.SUCCESS;
    }

    /** A commit status: {@code error}, {@code failure}, {@code pending} or {@code success}. */
    private static CiStatus ofStatus(String state) {
        switch (state) {
            case "success":
                return CiStatus.SUCCESS;
            case "pending":
                return CiStatus.PENDING;
            default:
                // error, failure, and anything GitHub may add: not a pass
                return CiStatus.FAILURE;
        }
    }

    /**
     * A check run. Not completed ({@code queued}, {@code in_progress}, {@code waiting}, {@code requested},
     * {@code pending}) is pending. Completed: success, neutral and skipped pass; {@code stale} (GitHub gave up on a
     * run that never finished) and any conclusion not known here count as failed, since nothing says CI passed.
     */
    private static CiStatus ofCheck(String status, String conclusion) {
        if (!"completed".equals(status)) {
            return CiStatus.PENDING;
        }
        if (PASSED.contains(conclusion)) {
            return CiStatus.SUCCESS;
        }
        return CiStatus.FAILURE;
    }

    /** Whether the check run belongs to the current workflow run (a job of it, possibly this job). */
    private static boolean ofRun(JsonNode run, long currentRunId) {
        return GitHubConnection.inRun(run.path("details_url").asText(""), currentRunId)
                || GitHubConnection.inRun(run.path("html_url").asText(""), currentRunId);
    }

    private static List<JsonNode> statuses(GitHubConnection github, String sha) throws IOException {
        return paged(github, "read combined commit status", "/commits/" + sha + "/status", "statuses", "statuses: read");
    }

    private static List<JsonNode> checkRuns(GitHubConnection github, String sha) throws IOException {
        return paged(github, "list check runs", "/commits/" + sha + "/check-runs", "check_runs", "checks: read");
    }

    /** Every item of a paged listing whose page holds {@code field} and {@code total_count}. */
    private static List<JsonNode> paged(GitHubConnection github, String what, String path, String field,
                                        String permission) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode listing = github.get(new GitHubConnection.Call(what, "GET", "/repos/" + github.repository()
                    + path + "?per_page=" + PAGE + "&page=" + page, permission));
            JsonNode items = listing.path(field);
            items.forEach(all::add);
            if (items.size() == 0 || all.size() >= listing.path("total_count").asInt(0)) {
                break;
            }
        }
        return all;
    }

    private static String describe(String description) {
        return description.isBlank() ? "" : " — " + description.strip();
    }
}
