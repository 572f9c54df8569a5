package dev.rollgate.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollgate.model.WireNamed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What started the workflow: {@code GITHUB_EVENT_NAME} and the webhook payload at {@code GITHUB_EVENT_PATH}, reduced
 * to the facts a deployment request needs. Text in it (commit messages, branch names, dispatch inputs) is untrusted.
 *
 * @param ref            the full ref the workflow runs for or, for {@code workflow_run}, the upstream run's branch
 * @param commit         the commit to deploy: {@code after} of a push, {@code workflow_run.head_sha} (not
 *                       {@code GITHUB_SHA}, which is the default branch's head there), else {@code GITHUB_SHA}
 * @param runConclusion  {@code workflow_run.conclusion}: the upstream CI result
 * @param dispatchInputs {@code workflow_dispatch} inputs as strings (the payload carries booleans as {@code "true"}
 *                       or as JSON booleans, depending on who dispatched)
 * @param upstreamRunUrl the upstream CI run's page, for the summary
 */
public record GitHubEvent(
        Kind kind,
        Optional<String> ref,
        Optional<String> commit,
        Optional<String> actor,
        Optional<String> runConclusion,
        Map<String, String> dispatchInputs,
        Optional<String> commitMessage,
        Optional<String> upstreamRunUrl) {

    /** The events Rollgate's runbooks use. */
    public enum Kind implements WireNamed {
        WORKFLOW_DISPATCH("workflow_dispatch"),
        WORKFLOW_RUN("workflow_run"),
        PUSH("push"),
        SCHEDULE("schedule");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DELETED = "0000000000000000000000000000000000000000";

    public GitHubEvent {
        dispatchInputs = Map.copyOf(dispatchInputs);
    }

    /** Reads the event the runner describes in {@code env}. */
    public static GitHubEvent read(Map<String, String> env) throws ActionException {
        String name = env.getOrDefault("GITHUB_EVENT_NAME", "");
        if (name.isBlank()) {
            throw new ActionException("GITHUB_EVENT_NAME is not set: this command runs as a GitHub Action step; to"
                    + " reproduce a run, set the variables and files the runner provides (github-action/README.md)");
        }
        Kind kind = WireNamed.find(Kind.class, name).orElseThrow(() -> new ActionException("event " + name
                + " cannot trigger a deployment; use workflow_dispatch, workflow_run, push or schedule"));
        JsonNode payload = payload(env, kind);
        Optional<String> githubRef = present(env.get("GITHUB_REF"));
        Optional<String> githubSha = present(env.get("GITHUB_SHA"));
        Optional<String> githubActor = present(env.get("GITHUB_ACTOR"));
        switch (kind) {
            case WORKFLOW_DISPATCH:
                return new GitHubEvent(kind, text(payload, "ref").or(() -> githubRef), githubSha, githubActor,
                        Optional.empty(), dispatchInputs(payload.path("inputs")), Optional.empty(), Optional.empty());
            case WORKFLOW_RUN: {
                JsonNode run = payload.path("workflow_run");
                if (!run.isObject()) {
                    throw new ActionException(where(env) + ": a workflow_run event without a workflow_run object");
                }
                refuseForeignCode(run, payload);
                return new GitHubEvent(kind, text(run, "head_branch").map(b -> "refs/heads/" + b),
                        required(run, "head_sha", env), text(run.path("actor"), "login").or(() -> githubActor),
                        text(run, "conclusion").or(() -> text(run, "status")), Map.of(),
                        text(run.path("head_commit"), "message"), text(run, "html_url"));
            }
            case PUSH: {
                Optional<String> after = required(payload, "after", env);
                if (after.get().equals(DELETED) || payload.path("deleted").asBoolean(false)) {
                    throw new ActionException("the push deleted " + text(payload, "ref").orElse("a ref")
                            + ": nothing to deploy");
                }
                return new GitHubEvent(kind, text(payload, "ref").or(() -> githubRef), after,
                        text(payload.path("pusher"), "name").or(() -> githubActor), Optional.empty(), Map.of(),
                        text(payload.path("head_commit"), "message"), Optional.empty());
            }
            default:
                return new GitHubEvent(kind, githubRef, githubSha, githubActor, Optional.empty(), Map.of(),
                        Optional.empty(), Optional.empty());
        }
    }

    /**
     * A CI run of a pull request, or of another repository (a fork), tested code nobody here reviewed for
     * deployment: its head_branch can even be named main. Deploying it would be a wrong yes, so it is refused.
     */
    private static void refuseForeignCode(JsonNode run, JsonNode payload) throws ActionException {
        String upstreamEvent = run.path("event").asText("");
        if (upstreamEvent.startsWith("pull_request")) {
            throw new ActionException("the workflow_run was triggered by " + upstreamEvent + ": a pull request's"
                    + " commit cannot deploy; trigger the CD workflow on CI runs of pushes (on.workflow_run.branches)");
        }
        Optional<String> head = text(run.path("head_repository"), "full_name");
        Optional<String> here = text(payload.path("repository"), "full_name");
        if (head.isPresent() && here.isPresent() && !head.get().equals(here.get())) {
            throw new ActionException("the workflow_run built a commit of another repository (a fork): it cannot"
                    + " deploy to this one");
        }
    }

    /** A dispatch input by name, if the workflow defines it and it is not empty. */
    public Optional<String> dispatchInput(String name) {
        return present(dispatchInputs.get(name));
    }

    private static JsonNode payload(Map<String, String> env, Kind kind) throws ActionException {
        String path = env.getOrDefault("GITHUB_EVENT_PATH", "");
        if (path.isBlank()) {
            if (kind == Kind.SCHEDULE) {
                return JSON.createObjectNode();  // the payload adds only the cron string
            }
            throw new ActionException("GITHUB_EVENT_PATH is not set: the " + kind.wireName()
                    + " event's payload is needed");
        }
        try {
            JsonNode node = JSON.readTree(Files.readString(Path.of(path)));
            if (node == null || !node.isObject()) {
                throw new ActionException("GITHUB_EVENT_PATH " + path + ": the event payload is not a JSON object");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new ActionException("GITHUB_EVENT_PATH " + path + ": no such file");
        } catch (IOException e) {
            throw new ActionException("GITHUB_EVENT_PATH " + path + ": not a JSON event payload: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static Map<String, String> dispatchInputs(JsonNode inputs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (inputs.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isValueNode() && !v.isNull()) {
                    out.put(e.getKey(), v.asText());  // "true" and true read alike
                }
            }
        }
        return out;
    }

    private static Optional<String> required(JsonNode node, String field, Map<String, String> env)
            throws ActionException {
        Optional<String> v = text(node, field);
        if (v.isEmpty()) {
            throw new ActionException(where(env) + ": the payload has no " + field);
        }
        return v;
    }

    private static String where(Map<String, String> env) {
        return "GITHUB_EVENT_PATH " + env.getOrDefault("GITHUB_EVENT_PATH", "");
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? present(v.asText()) : Optional.empty();
    }

    private static Optional<String> present(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
