package dev.rollgate.action;

import dev.rollgate.model.CiStatus;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * What a step asks of GitHub itself: a deployment record with statuses, and the checks of a commit (the CI gate for
 * triggers whose event does not carry a CI result). GitHub being unreachable, or a token without permission, never
 * decides a deployment by itself: a deployment record that cannot be written is a warning, and checks that cannot
 * be read are an unknown CI status, which a policy that requires CI blocks.
 */
interface GitHubSide {

    Optional<GitHubDeployment> startDeployment(String environment, String ref, String description);

    void deploymentStatus(GitHubDeployment deployment, DeploymentState state, String description,
                          Optional<URI> environmentUrl);

    CiStatus ciStatus(String sha);

    /** Connects for one step. */
    @FunctionalInterface
    interface Factory {
        GitHubSide connect(ActionInputs inputs, WorkflowRun run, WorkflowCommands log);

        /** The real API at {@code GITHUB_API_URL}, with the step's token. */
        Factory API = Api::connect;
    }

    /** Without a token or a repository (a local reproduction): no deployment record, CI status unknown. */
    final class Offline implements GitHubSide {
        private final WorkflowCommands log;
        private final String why;

        Offline(WorkflowCommands log, String why) {
            this.log = log;
            this.why = why;
        }

        @Override
        public Optional<GitHubDeployment> startDeployment(String environment, String ref, String description) {
            return Optional.empty();
        }

        @Override
        public void deploymentStatus(GitHubDeployment deployment, DeploymentState state, String description,
                                     Optional<URI> environmentUrl) {
        }

        @Override
        public CiStatus ciStatus(String sha) {
            log.warning("Rollgate: CI status unknown", "cannot read the commit's checks: " + why);
            return CiStatus.UNKNOWN;
        }
    }

    /** GitHub's REST API through github-api (and a raw call where it falls short; see GitHubDeployments). */
    final class Api implements GitHubSide {
        private final GitHubDeployments client;
        private final ActionInputs inputs;
        private final WorkflowRun run;
        private final WorkflowCommands log;

        private Api(GitHubDeployments client, ActionInputs inputs, WorkflowRun run, WorkflowCommands log) {
            this.client = client;
            this.inputs = inputs;
            this.run = run;
            this.log = log;
        }

        static GitHubSide connect(ActionInputs inputs, WorkflowRun run, WorkflowCommands log) {
            if (inputs.githubToken().isEmpty()) {
                return new Offline(log, "input github_token is empty");
            }
            if (run.repository().isEmpty()) {
                return new Offline(log, "GITHUB_REPOSITORY is not set");
            }
            try {
                return new Api(GitHubDeployments.connect(run.apiUrl(), inputs.githubToken().get(),
                        run.repository().get()), inputs, run, log);
            } catch (IOException e) {
                return new Offline(log, "cannot reach " + run.apiUrl() + ": " + e.getMessage());
            }
        }

        @Override
        public Optional<GitHubDeployment> startDeployment(String environment, String ref, String description) {
            if (inputs.githubDeployment() == DeploymentMode.OFF) {
                return Optional.empty();
            }
            try {
                return Optional.of(client.attachOrCreate(environment, ref, run.runId(), description));
            } catch (IOException e) {
                log.warning("Rollgate: no GitHub deployment record", e.getMessage()
                        + " (the workflow needs permissions: deployments: write)");
                return Optional.empty();
            }
        }

        @Override
        public void deploymentStatus(GitHubDeployment deployment, DeploymentState state, String description,
                                     Optional<URI> environmentUrl) {
            Optional<URI> logUrl = run.logUrl();
            try {
                client.status(deployment.id(), state, description, environmentUrl, logUrl.orElse(null));
            } catch (IOException e) {
                log.warning("Rollgate: deployment status not recorded", e.getMessage());
            }
        }

        @Override
        public CiStatus ciStatus(String sha) {
            try {
                CommitChecks.Result r = CommitChecks.of(client.connection(), sha, run.runId());
                log.log("CI status of " + sha + ": " + r.status().wireName()
                        + r.details().stream().map(d -> "\n  " + d).collect(java.util.stream.Collectors.joining()));
                return r.status();
            } catch (IOException e) {
                log.warning("Rollgate: CI status unknown", "cannot read the checks of " + sha + ": " + e.getMessage()
                        + " (the workflow needs permissions: checks: read, statuses: read)");
                return CiStatus.UNKNOWN;
            }
        }
    }
}
