package dev.rollgate.jenkins;

import dev.rollgate.model.CiStatus;
import dev.rollgate.model.Trigger;
import hudson.EnvVars;
import hudson.model.Cause;
import hudson.model.Result;
import java.util.List;
import java.util.Optional;

/**
 * What a deployment request takes from the build itself: the trigger from its causes, who started it, the ref and
 * commit from the SCM variables, and the CI status from its result so far.
 *
 * <p>Causes are told apart by class name where they live in plugins Rollgate does not depend on (branch events in
 * branch-api): a user → {@code manual}, a timer → {@code schedule}, an upstream build → {@code ci_success}, SCM
 * polling, a webhook or a branch event → {@code push}, and any build of a tag ({@code TAG_NAME} set by multibranch
 * jobs) → {@code tag}.
 */
public record BuildFacts(Trigger trigger, Optional<String> actor, Optional<String> ref, Optional<String> commit,
                         CiStatus ciStatus) {

    public static BuildFacts of(List<Cause> causes, EnvVars env, Result resultSoFar) {
        Optional<String> tag = present(env.get("TAG_NAME"));
        Optional<String> branch = present(env.get("BRANCH_NAME")).or(() -> present(env.get("GIT_BRANCH"))
                .map(b -> b.startsWith("origin/") ? b.substring("origin/".length()) : b));
        Optional<String> ref = tag.map(t -> "refs/tags/" + t)
                .or(() -> branch.map(b -> b.startsWith("refs/") ? b : "refs/heads/" + b));
        Optional<String> actor = Optional.empty();
        Trigger trigger = null;
        for (Cause c : causes) {
            if (c instanceof Cause.UserIdCause u) {
                actor = present(u.getUserId());
                trigger = trigger == null ? Trigger.MANUAL : trigger;
            }
        }
        if (trigger == null) {
            trigger = automated(causes);
        }
        if (tag.isPresent() && trigger != Trigger.MANUAL) {
            trigger = Trigger.TAG;
        }
        return new BuildFacts(trigger, actor, ref, present(env.get("GIT_COMMIT")), ciStatus(resultSoFar));
    }

    private static Trigger automated(List<Cause> causes) {
        for (Cause c : causes) {
            String name = c.getClass().getName();
            if (name.equals("hudson.triggers.TimerTrigger$TimerTriggerCause")) {
                return Trigger.SCHEDULE;
            }
            if (c instanceof Cause.UpstreamCause) {
                return Trigger.CI_SUCCESS;
            }
        }
        // SCM polling, webhooks, branch indexing and branch events: a change was pushed.
        return Trigger.PUSH;
    }

    /** The build's result so far: none yet (still running, nothing failed) counts as success. */
    static CiStatus ciStatus(Result result) {
        if (result == null || result == Result.SUCCESS) {
            return CiStatus.SUCCESS;
        }
        return CiStatus.FAILURE;  // UNSTABLE (failed tests), FAILURE, ABORTED, NOT_BUILT
    }

    private static Optional<String> present(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
