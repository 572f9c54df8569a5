package dev.rollgate.action;

import dev.rollgate.model.CiStatus;
import dev.rollgate.model.Trigger;
import java.util.Objects;
import java.util.Optional;

/**
 * What the step asks Rollgate to do, from the action's inputs and the event, before the policy is read.
 *
 * <p>Dispatch inputs fill what the step's inputs leave empty: {@code deployment_environment} (or
 * {@code environment}) → environment, {@code deployment_reason} (or {@code reason}) → reason,
 * {@code skip_tests}, {@code emergency} (or {@code force_deploy}) → emergency, and {@code rollback_version} makes
 * the request a rollback to that version. Explicit step inputs win.
 *
 * <p>Triggers: {@code workflow_dispatch} → manual (rollback with a rollback version), {@code workflow_run} →
 * ci_success with the upstream conclusion as CI status, {@code schedule} → schedule, {@code push} → push, or tag
 * for {@code refs/tags/…}. The {@code rollback} command is a rollback whatever the event.
 *
 * @param ciStatus the CI result the event itself carries ({@code workflow_run}); empty: ask GitHub's checks
 * @param version  the version to deploy or roll back to; empty for a rollback means the previous stable one
 */
public record ActionRequest(
        ActionCommand command,
        String environment,
        Trigger trigger,
        Optional<String> ref,
        Optional<String> commit,
        String actor,
        Optional<String> version,
        Optional<String> reason,
        boolean emergency,
        boolean skipTests,
        Optional<CiStatus> ciStatus) {

    public ActionRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(trigger, "trigger");
    }

    public static ActionRequest of(ActionInputs in, GitHubEvent event) throws ActionException {
        String environment = in.environment()
                .or(() -> event.dispatchInput("deployment_environment"))
                .or(() -> event.dispatchInput("environment"))
                .orElseThrow(() -> new ActionException("input environment is empty"
                        + (event.kind() == GitHubEvent.Kind.WORKFLOW_DISPATCH
                        ? " and the dispatch has no deployment_environment input" : "")
                        + "; set environment: on the step, e.g. environment: production"));
        Optional<String> rollbackTo = event.dispatchInput("rollback_version");
        ActionCommand command = in.command() == ActionCommand.DEPLOY && rollbackTo.isPresent()
                ? ActionCommand.ROLLBACK : in.command();
        boolean rollback = command == ActionCommand.ROLLBACK
                || command == ActionCommand.GATE && rollbackTo.isPresent();
        Optional<String> reason = in.reason()
                .or(() -> event.dispatchInput("deployment_reason"))
                .or(() -> event.dispatchInput("reason"));
        boolean emergency = in.emergency().isPresent() ? in.emergency().get()
                : dispatchBoolean(event, "emergency") || dispatchBoolean(event, "force_deploy");
        boolean skipTests = in.skipTests().isPresent() ? in.skipTests().get() : dispatchBoolean(event, "skip_tests");
        Optional<String> version = in.version().or(() -> rollback ? rollbackTo : event.commit());
        if (rollback && in.version().isEmpty() && rollbackTo.isEmpty()) {
            version = Optional.empty();  // the previous stable version, from the ledger
        }
        return new ActionRequest(command, environment, rollback ? Trigger.ROLLBACK : trigger(event), event.ref(),
                event.commit(), event.actor().orElse("unknown"), version, reason, emergency, skipTests,
                event.runConclusion().map(ActionRequest::ciStatus));
    }

    private static Trigger trigger(GitHubEvent event) {
        switch (event.kind()) {
            case WORKFLOW_DISPATCH:
                return Trigger.MANUAL;
            case WORKFLOW_RUN:
                return Trigger.CI_SUCCESS;
            case SCHEDULE:
                return Trigger.SCHEDULE;
            default:
                return event.ref().filter(r -> r.startsWith("refs/tags/")).isPresent() ? Trigger.TAG : Trigger.PUSH;
        }
    }

    /** {@code workflow_run.conclusion} (or its status while it runs) as the CI status the gate judges. */
    static CiStatus ciStatus(String conclusion) {
        switch (conclusion) {
            case "success":
                return CiStatus.SUCCESS;
            case "requested":
            case "in_progress":
            case "queued":
            case "waiting":
            case "pending":
                return CiStatus.PENDING;
            case "neutral":
            case "skipped":
                return CiStatus.UNKNOWN;  // the CI ran nothing that passed: not a success
            default:
                return CiStatus.FAILURE;  // failure, cancelled, timed_out, action_required, stale, startup_failure
        }
    }

    private static boolean dispatchBoolean(GitHubEvent event, String input) throws ActionException {
        Optional<String> v = event.dispatchInput(input);
        if (v.isEmpty()) {
            return false;
        }
        return ActionInputs.parseBoolean(v.get()).orElseThrow(() -> new ActionException("dispatch input " + input
                + ": '" + v.get() + "' is not a boolean; the workflow should declare it with type: boolean"));
    }
}
